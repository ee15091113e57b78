"""Ideas: post, support, comment, flag; staff approve, hide, show and answer with a status.

Everything here only flushes: the route's unit of work commits. A repeated post (the same form
sent twice, or two requests at once) stores one row: its insert runs in a savepoint."""

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import savepoint
from app.ideas.vocab import ACTORS, N_, STATUSES
from app.models.common import utcnow
from app.models.ideas import Board, Idea, IdeaComment, IdeaEvent, IdeaFlag, Support
from app.outcomes import hooks


class Refused(Exception):
    """An action the participant may not take now; the message is a msgid."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def create_idea(session: Session, board: Board, data: dict, participant: str, locale: str) -> Idea:
    """Store an idea once: a repeated post of the same form returns the idea already stored."""
    existing = session.get(Idea, data["id"])
    if existing is not None:
        if existing.participant != participant or existing.board_id != board.id:
            raise Refused(N_("This form was already used. Reload the page and try again."))
        return existing
    idea = Idea(
        id=data["id"],
        board_id=board.id,  # type: ignore[arg-type]
        title=data["title"],
        description=data["description"],
        themes=data["themes"],
        place=data["place"],
        proposer_type=data["proposer_type"],
        proposer_name=data["proposer_name"],
        actors=data["actors"],
        locale=locale,
        participant=participant,
        visibility="pending" if board.moderation == "pre" else "visible",
    )
    try:
        with savepoint(session):
            session.add(idea)
            session.flush()
    except IntegrityError:  # the same form posted twice at once: the other request stored it
        if session.get(Idea, data["id"]) is None:
            raise
        return create_idea(session, board, data, participant, locale)
    return idea


def support(session: Session, idea: Idea, participant: str) -> bool:
    """Support an idea; False when this participant already did (nothing changes)."""
    if session.get(Support, (idea.id, participant)) is not None:
        return False
    return _insert_once(session, Support(idea_id=idea.id, participant=participant))


def add_comment(
    session: Session, board: Board, idea: Idea, data: dict, participant: str, locale: str
) -> IdeaComment:
    """Store a comment or a reply to a top-level comment, once per form."""
    existing = session.get(IdeaComment, data["id"])
    if existing is not None:
        if existing.participant != participant or existing.idea_id != idea.id:
            raise Refused(N_("This form was already used. Reload the page and try again."))
        return existing
    parent_id = data["parent_id"]
    if parent_id:
        parent = session.get(IdeaComment, parent_id)
        if parent is None or parent.idea_id != idea.id or parent.parent_id is not None:
            raise Refused(N_("You can only reply to a comment on this idea."))
    comment = IdeaComment(
        id=data["id"],
        idea_id=idea.id,
        parent_id=parent_id,
        body=data["body"],
        author_name=data["author_name"],
        locale=locale,
        participant=participant,
        visibility="pending" if board.moderation == "pre" else "visible",
    )
    try:
        with savepoint(session):
            session.add(comment)
            session.flush()
    except IntegrityError:  # the same form posted twice at once
        if session.get(IdeaComment, data["id"]) is None:
            raise
        return add_comment(session, board, idea, data, participant, locale)
    return comment


def flag(session: Session, idea: Idea, participant: str, reason: str) -> bool:
    """Ask staff to look at an idea; False when this participant flagged it already."""
    if session.get(IdeaFlag, (idea.id, participant)) is not None:
        return False
    return _insert_once(session, IdeaFlag(idea_id=idea.id, participant=participant, reason=reason))


def _insert_once(session: Session, row: Support | IdeaFlag) -> bool:
    """Insert a row keyed by (idea, participant); False when a parallel request stored it first."""
    try:
        with savepoint(session):
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _resolve_flags(session: Session, idea: Idea) -> None:
    for row in session.exec(
        select(IdeaFlag).where(IdeaFlag.idea_id == idea.id, col(IdeaFlag.resolved_at).is_(None))
    ):
        row.resolved_at = utcnow()
        session.add(row)


def moderate(session: Session, idea: Idea, action: str, reason: str, user_id: int) -> None:
    """Approve, hide (with a reason that stays visible) or show an idea; supports and history stay."""
    if action == "hide":
        idea.visibility, idea.hidden_reason = "hidden", reason
        kind = "hidden"
    elif action == "approve":
        kind = "approved" if idea.visibility == "pending" else "shown"
        idea.visibility, idea.hidden_reason = "visible", ""
    else:
        raise Refused(N_("Unknown action."))
    idea.updated_at = utcnow()
    _resolve_flags(session, idea)
    session.add(idea)
    session.add(IdeaEvent(idea_id=idea.id, kind=kind, answer=reason, changed_by=user_id))


def moderate_comment(session: Session, comment: IdeaComment, action: str, reason: str) -> None:
    """Approve or hide a comment; a hidden comment shows its reason in place of its text."""
    if action == "hide":
        comment.visibility, comment.hidden_reason = "hidden", reason
    elif action == "approve":
        comment.visibility, comment.hidden_reason = "visible", ""
    else:
        raise Refused(N_("Unknown action."))
    session.add(comment)


def set_status(
    session: Session, idea: Idea, status: str, answer: str, actor: str, actor_name: str, user_id: int
) -> None:
    """Move an idea to a status with the official answer and who is responsible; kept in history."""
    if status not in STATUSES or (actor and actor not in ACTORS):
        raise Refused(N_("Choose a status and a responsible actor from the lists."))
    idea.status, idea.official_answer = status, answer
    idea.responsible_actor, idea.responsible_name = actor, actor_name
    idea.updated_at = utcnow()
    session.add(idea)
    session.add(
        IdeaEvent(
            idea_id=idea.id,
            kind="status",
            status=status,
            answer=answer,
            actor=actor,
            actor_name=actor_name,
            changed_by=user_id,
        )
    )
    hooks.from_idea_status(session, idea, status, answer, user_id)  # one register for every outcome


def get_idea(session: Session, board: Board, idea_id: str) -> Idea | None:
    """The idea with this id on this board, or None."""
    idea = session.get(Idea, idea_id)
    return idea if idea is not None and idea.board_id == board.id else None


def support_counts(session: Session, idea_ids: list[str]) -> dict[str, int]:
    """Supports per idea, in one query."""
    if not idea_ids:
        return {}
    stmt = (
        select(Support.idea_id, func.count())
        .where(col(Support.idea_id).in_(idea_ids))
        .group_by(Support.idea_id)
    )
    return {row[0]: int(row[1]) for row in session.exec(stmt)}
