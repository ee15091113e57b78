"""Ideas: post, support, comment, flag; staff approve, hide, show and answer with a status."""

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.ideas.vocab import ACTORS, N_, STATUSES
from app.models.common import utcnow
from app.models.ideas import Board, Idea, IdeaComment, IdeaEvent, IdeaFlag, Support


class Refused(Exception):
    """An action the participant may not take now; the message is a msgid."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class IdeaView:
    """An idea with what its page shows: counts, comments in threads, history."""

    idea: Idea
    supports: int = 0
    flags: int = 0
    flags_total: int = 0
    comments: list[tuple[IdeaComment, list[IdeaComment]]] = field(default_factory=list)
    history: list[IdeaEvent] = field(default_factory=list)


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
    session.add(idea)
    try:
        session.commit()
    except IntegrityError:  # the same form posted twice at once: the other request stored it
        session.rollback()
        return create_idea(session, board, data, participant, locale)
    return idea


def support(session: Session, idea: Idea, participant: str) -> bool:
    """Support an idea; False when this participant already did (nothing changes)."""
    if session.get(Support, (idea.id, participant)) is not None:
        return False
    session.add(Support(idea_id=idea.id, participant=participant))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


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
    session.add(comment)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return add_comment(session, board, idea, data, participant, locale)
    return comment


def flag(session: Session, idea: Idea, participant: str, reason: str) -> bool:
    """Ask staff to look at an idea; False when this participant flagged it already."""
    if session.get(IdeaFlag, (idea.id, participant)) is not None:
        return False
    session.add(IdeaFlag(idea_id=idea.id, participant=participant, reason=reason))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
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
    session.commit()


def moderate_comment(session: Session, comment: IdeaComment, action: str, reason: str) -> None:
    """Approve or hide a comment; a hidden comment shows its reason in place of its text."""
    if action == "hide":
        comment.visibility, comment.hidden_reason = "hidden", reason
    elif action == "approve":
        comment.visibility, comment.hidden_reason = "visible", ""
    else:
        raise Refused(N_("Unknown action."))
    session.add(comment)
    session.commit()


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
    session.commit()


def get_idea(session: Session, board: Board, idea_id: str) -> Idea | None:
    idea = session.get(Idea, idea_id)
    return idea if idea is not None and idea.board_id == board.id else None


def support_counts(session: Session, idea_ids: list[str]) -> dict[str, int]:
    if not idea_ids:
        return {}
    stmt = (
        select(Support.idea_id, func.count())
        .where(col(Support.idea_id).in_(idea_ids))
        .group_by(Support.idea_id)
    )
    return {row[0]: int(row[1]) for row in session.exec(stmt)}


def flag_counts(session: Session, idea_ids: list[str], open_only: bool = True) -> dict[str, int]:
    if not idea_ids:
        return {}
    stmt = select(IdeaFlag.idea_id, func.count()).where(col(IdeaFlag.idea_id).in_(idea_ids))
    if open_only:
        stmt = stmt.where(col(IdeaFlag.resolved_at).is_(None))
    return {row[0]: int(row[1]) for row in session.exec(stmt.group_by(IdeaFlag.idea_id))}


def ideas_of(
    session: Session,
    board: Board,
    participant: str | None = None,
    everything: bool = False,
    limit: int | None = None,
) -> list[Idea]:
    """A board's ideas, newest first: the public ones (visible or hidden with a reason), the
    participant's own pending ones, or everything for staff."""
    stmt = select(Idea).where(Idea.board_id == board.id)
    if not everything:
        shown = col(Idea.visibility).in_(("visible", "hidden"))
        stmt = stmt.where(shown | (Idea.participant == participant) if participant else shown)
    stmt = stmt.order_by(col(Idea.created_at).desc(), col(Idea.id))
    return list(session.exec(stmt.limit(limit) if limit else stmt))


def view(session: Session, idea: Idea, participant: str | None = None, everything: bool = False) -> IdeaView:
    """An idea with its counts, comment threads (one level) and public history."""
    stmt = (
        select(IdeaComment)
        .where(IdeaComment.idea_id == idea.id)
        .order_by(col(IdeaComment.created_at), col(IdeaComment.id))
    )
    comments = [
        c
        for c in session.exec(stmt)
        if everything or c.visibility != "pending" or (participant and c.participant == participant)
    ]
    top = [c for c in comments if c.parent_id is None]
    threads = [(c, [r for r in comments if r.parent_id == c.id]) for c in top]
    history = list(
        session.exec(
            select(IdeaEvent)
            .where(IdeaEvent.idea_id == idea.id)
            .order_by(col(IdeaEvent.created_at), col(IdeaEvent.id))
        )
    )
    return IdeaView(
        idea=idea,
        supports=support_counts(session, [idea.id]).get(idea.id, 0),
        flags=flag_counts(session, [idea.id]).get(idea.id, 0),
        flags_total=flag_counts(session, [idea.id], open_only=False).get(idea.id, 0),
        comments=threads,
        history=history,
    )


def has_supported(session: Session, idea: Idea, participant: str | None) -> bool:
    return participant is not None and session.get(Support, (idea.id, participant)) is not None


def board_totals(session: Session, board: Board) -> tuple[int, int]:
    """(visible ideas, supports on them) for the projector's headline figures."""
    ideas = int(
        session.exec(
            select(func.count())
            .select_from(Idea)
            .where(Idea.board_id == board.id, Idea.visibility == "visible")
        ).one()
    )
    supports = int(
        session.exec(
            select(func.count())
            .select_from(Support)
            .join(Idea)
            .where(Idea.board_id == board.id, Idea.visibility == "visible")
        ).one()
    )
    return ideas, supports
