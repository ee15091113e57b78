"""Unusual bursts of support, for staff to look at. Nothing is blocked: a room full of people
on one network supporting the idea just presented looks like a burst too, so staff decide."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.models.ideas import Board, Idea, IdeaComment, Support

WINDOW = timedelta(minutes=2)
MIN_SUPPORTS = 6  # supports to one idea inside WINDOW before we look closer
ONE_OFF_SHARE = 0.5  # ...and more than this share came from browsers that did nothing else


@dataclass
class Burst:
    idea: Idea
    start: datetime
    supports: int
    one_off: int


def bursts(session: Session, board: Board) -> list[Burst]:
    """Per idea, the busiest support window when it looks like many throwaway browsers
    (three queries, whatever the board's size)."""
    ideas = {i.id: i for i in session.exec(select(Idea).where(Idea.board_id == board.id))}
    if not ideas:
        return []
    rows = list(
        session.exec(
            select(Support).where(col(Support.idea_id).in_(list(ideas))).order_by(col(Support.created_at))
        )
    )
    activity: Counter[str] = Counter(r.participant for r in rows)
    activity.update(i.participant for i in ideas.values())
    activity.update(
        c.participant
        for c in session.exec(select(IdeaComment).where(col(IdeaComment.idea_id).in_(list(ideas))))
    )
    per_idea: dict[str, list[Support]] = defaultdict(list)
    for r in rows:
        per_idea[r.idea_id].append(r)
    found = []
    for idea_id, idea in ideas.items():
        times = per_idea[idea_id]
        best: tuple[int, int, datetime] | None = None
        start = 0
        for end, row in enumerate(times):
            while row.created_at - times[start].created_at > WINDOW:
                start += 1
            window = times[start : end + 1]
            one_off = sum(1 for r in window if activity[r.participant] == 1)
            if best is None or len(window) > best[0]:
                best = (len(window), one_off, window[0].created_at)
        if best and best[0] >= MIN_SUPPORTS and best[1] > ONE_OFF_SHARE * best[0]:
            found.append(Burst(idea=idea, start=best[2], supports=best[0], one_off=best[1]))
    return sorted(found, key=lambda b: b.start)
