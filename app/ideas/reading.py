"""What the board pages read: a page of ideas with their counts, comment threads and history.

Each page costs the same few queries however many ideas, supports or comments the board holds:
one for the page of ideas, then one `IN (...)` query each for supports, flags, comments and
history of the ideas on that page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, true
from sqlmodel import Session, col, select

from app.common.paging import Page, paginate
from app.ideas.service import support_counts
from app.models.ideas import Board, Idea, IdeaComment, IdeaEvent, IdeaFlag, Support

THREADS = 30  # top-level comments (with their replies) per page of an idea

Thread = tuple[IdeaComment, list[IdeaComment]]


@dataclass
class IdeaView:
    """An idea with what its page shows: counts, comments in threads, history."""

    idea: Idea
    supports: int = 0
    flags: int = 0
    flags_total: int = 0
    comments: list[Thread] = field(default_factory=list)
    history: list[IdeaEvent] = field(default_factory=list)


def _ideas(board: Board, participant: str | None, everything: bool) -> Any:
    stmt = select(Idea).where(Idea.board_id == board.id)
    if not everything:
        shown = col(Idea.visibility).in_(("visible", "hidden"))
        stmt = stmt.where(or_(shown, col(Idea.participant) == participant) if participant else shown)
    return stmt.order_by(col(Idea.created_at).desc(), col(Idea.id))


def ideas_page(
    session: Session, board: Board, number: int, size: int,
    participant: str | None = None, everything: bool = False,
) -> Page[Idea]:
    """A page of a board's ideas, newest first: the public ones (visible, or hidden with a
    reason), the participant's own pending ones, or everything for staff."""
    return paginate(_ideas(board, participant, everything), session, number, size)


def all_ideas(session: Session, board: Board) -> list[Idea]:
    """Every idea of a board, oldest first (exports)."""
    return list(reversed(session.exec(_ideas(board, None, everything=True)).all()))


def live_ideas(session: Session, board: Board, limit: int) -> list[Idea]:
    """The newest visible ideas, for the projector."""
    stmt = select(Idea).where(Idea.board_id == board.id, Idea.visibility == "visible")
    return list(session.exec(stmt.order_by(col(Idea.created_at).desc(), col(Idea.id)).limit(limit)))


def flag_counts(session: Session, idea_ids: list[str]) -> dict[str, tuple[int, int]]:
    """(open, all) reports per idea, in one query."""
    if not idea_ids:
        return {}
    stmt = (
        select(IdeaFlag.idea_id, func.count(), func.count(col(IdeaFlag.resolved_at)))
        .where(col(IdeaFlag.idea_id).in_(idea_ids))
        .group_by(IdeaFlag.idea_id)
    )
    return {row[0]: (int(row[1]) - int(row[2]), int(row[1])) for row in session.exec(stmt)}


def _shown_comments(participant: str | None, everything: bool) -> Any:
    if everything:
        return true()
    public = col(IdeaComment.visibility) != "pending"
    return or_(public, col(IdeaComment.participant) == participant) if participant else public


def _comment_order() -> tuple[Any, Any]:
    return col(IdeaComment.created_at), col(IdeaComment.id)


def _threads(top: list[IdeaComment], replies: list[IdeaComment]) -> list[Thread]:
    under: dict[str | None, list[IdeaComment]] = defaultdict(list)
    for reply in replies:
        under[reply.parent_id].append(reply)
    return [(c, under[c.id]) for c in top]


def views(
    session: Session, ideas: list[Idea], participant: str | None = None,
    everything: bool = False, flags: bool = False,
) -> list[IdeaView]:
    """Ideas with their counts, every comment thread (one level) and public history."""
    ids = [i.id for i in ideas]
    if not ids:
        return []
    comments = session.exec(
        select(IdeaComment)
        .where(col(IdeaComment.idea_id).in_(ids), _shown_comments(participant, everything))
        .order_by(*_comment_order())
    ).all()
    events = session.exec(
        select(IdeaEvent).where(col(IdeaEvent.idea_id).in_(ids))
        .order_by(col(IdeaEvent.created_at), col(IdeaEvent.id))
    ).all()
    supports = support_counts(session, ids)
    reports = flag_counts(session, ids) if flags else {}
    per_idea: dict[str, list[IdeaComment]] = defaultdict(list)
    for c in comments:
        per_idea[c.idea_id].append(c)
    history: dict[str, list[IdeaEvent]] = defaultdict(list)
    for e in events:
        history[e.idea_id].append(e)
    found = []
    for idea in ideas:
        mine = per_idea[idea.id]
        open_flags, all_flags = reports.get(idea.id, (0, 0))
        found.append(IdeaView(
            idea=idea, supports=supports.get(idea.id, 0), flags=open_flags, flags_total=all_flags,
            comments=_threads([c for c in mine if c.parent_id is None], [c for c in mine if c.parent_id]),
            history=history[idea.id],
        ))
    return found


def view(session: Session, idea: Idea, participant: str | None = None, everything: bool = False) -> IdeaView:
    """One idea with its counts, every comment thread and public history."""
    return views(session, [idea], participant, everything)[0]


def idea_page(
    session: Session, idea: Idea, number: int, participant: str | None = None
) -> tuple[IdeaView, Page[Thread]]:
    """An idea's page: counts and history, and one page of comment threads, oldest first."""
    shown = _shown_comments(participant, everything=False)
    top = paginate(
        select(IdeaComment)
        .where(IdeaComment.idea_id == idea.id, col(IdeaComment.parent_id).is_(None), shown)
        .order_by(*_comment_order()),
        session, number, THREADS,
    )
    replies = session.exec(
        select(IdeaComment)
        .where(col(IdeaComment.parent_id).in_([c.id for c in top.items]), shown)
        .order_by(*_comment_order())
    ).all() if top.items else []
    threads = _threads(top.items, list(replies))
    events = session.exec(
        select(IdeaEvent).where(IdeaEvent.idea_id == idea.id)
        .order_by(col(IdeaEvent.created_at), col(IdeaEvent.id))
    ).all()
    v = IdeaView(idea=idea, supports=support_counts(session, [idea.id]).get(idea.id, 0),
                 comments=threads, history=list(events))
    return v, Page(items=threads, number=top.number, has_next=top.has_next)


def thread_page_of(session: Session, comment: IdeaComment, participant: str | None) -> int:
    """The page of its idea on which a comment (or the thread a reply belongs to) shows."""
    top = session.get(IdeaComment, comment.parent_id) if comment.parent_id else comment
    if top is None:
        return 1
    earlier = session.exec(
        select(func.count()).select_from(IdeaComment).where(
            IdeaComment.idea_id == top.idea_id, col(IdeaComment.parent_id).is_(None),
            _shown_comments(participant, everything=False),
            or_(col(IdeaComment.created_at) < top.created_at,
                and_(col(IdeaComment.created_at) == top.created_at, col(IdeaComment.id) < top.id)),
        )
    ).one()
    return 1 + int(earlier) // THREADS


def has_supported(session: Session, idea: Idea, participant: str | None) -> bool:
    """Whether this participant supports the idea already."""
    return participant is not None and session.get(Support, (idea.id, participant)) is not None


def board_totals(session: Session, board: Board) -> tuple[int, int]:
    """(visible ideas, supports on them) for the projector's headline figures."""
    ideas = session.exec(
        select(func.count()).select_from(Idea).where(Idea.board_id == board.id, Idea.visibility == "visible")
    ).one()
    supports = session.exec(
        select(func.count()).select_from(Support).join(Idea)
        .where(Idea.board_id == board.id, Idea.visibility == "visible")
    ).one()
    return int(ideas), int(supports)
