"""Routing: units, comments and ideas assigned to a unit with a due date, each unit's inbox, what is overdue.

Only the item is routed, never who wrote it: an assignment names a response and theme or an idea.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.models import Board, Campaign, CommentReview, Idea
from app.models.common import utcnow
from app.models.outcomes import Assignment, Outcome, Unit
from app.outcomes.service import comment_parts, stored_ref
from app.outcomes.vocab import N_, NAME_MAX, OPEN_STATUSES, TEXT_MAX

Errors = dict[str, str]
KINDS = ("comment", "idea")


def units(session: Session, organisation_id: int) -> list[Unit]:
    stmt = select(Unit).where(Unit.organisation_id == organisation_id).order_by(col(Unit.name))
    return list(session.exec(stmt))


def add_unit(session: Session, organisation_id: int, name: str) -> Errors:
    name = name.strip()
    if not name:
        return {"name": N_("Please fill this in.")}
    if len(name) > NAME_MAX:
        return {"name": N_("This text is too long.")}
    taken = select(Unit.id).where(Unit.organisation_id == organisation_id, Unit.name == name)
    if session.exec(taken).first() is not None:
        return {"name": N_("There is already a unit with this name.")}
    session.add(Unit(organisation_id=organisation_id, name=name))
    session.flush()
    return {}


def assign(session: Session, organisation_id: int, unit: Unit, kind: str, ref: str, due_on: date | None,
           note: str, user_id: int | None) -> Errors:
    """Route a comment ("<response>:<theme>:<kind>") or an idea to a unit; routing again moves it."""
    if kind not in KINDS or unit.organisation_id != organisation_id:
        return {"ref": N_("Choose from the list.")}
    if len(note) > TEXT_MAX:
        return {"note": N_("This text is too long.")}
    campaign_id, response_id, idea_id = _find(session, organisation_id, kind, ref)
    if campaign_id is None:
        return {"ref": N_("Choose from the list.")}
    stmt = select(Assignment).where(Assignment.organisation_id == organisation_id, Assignment.kind == kind)
    if response_id is not None:  # a comment is kept without its response's id in the text (see stored_ref)
        theme, which = comment_parts(ref.partition(":")[2] + ":")
        stmt = stmt.where(Assignment.response_id == response_id,
                          col(Assignment.ref).startswith(f"{theme}:{which}:"))
        ref = stored_ref(theme, which)
    else:
        stmt = stmt.where(Assignment.ref == ref)
    row = session.exec(stmt).first() or Assignment(
        organisation_id=organisation_id, unit_id=unit.id, kind=kind, ref=ref,  # type: ignore[arg-type]
        campaign_id=campaign_id, created_by=user_id)
    row.unit_id, row.due_on, row.note, row.done_at = unit.id, due_on, note.strip(), None  # type: ignore[assignment]
    row.response_id, row.idea_id = response_id, idea_id
    session.add(row)
    session.flush()
    return {}


Found = tuple[int | None, str | None, str | None]  # campaign id, response id, idea id


def _find(session: Session, organisation_id: int, kind: str, ref: str) -> Found:
    if kind == "idea":
        idea = session.get(Idea, ref)
        board = session.get(Board, idea.board_id) if idea else None
        ok = board is not None and board.organisation_id == organisation_id
        return (board.campaign_id, None, ref) if ok and board else (None, None, None)
    response_id, _, rest = ref.partition(":")
    theme, _, which = rest.partition(":")
    review = session.get(CommentReview, (response_id, theme, which))
    campaign = session.get(Campaign, review.campaign_id) if review else None
    if review is None or campaign is None or campaign.organisation_id != organisation_id:
        return None, None, None
    return campaign.id, response_id, None


def mark_done(session: Session, organisation_id: int, assignment_id: int) -> None:
    row = session.get(Assignment, assignment_id)
    if row is not None and row.organisation_id == organisation_id:
        row.done_at = utcnow()
        session.add(row)


@dataclass
class Inbox:
    """What a unit must answer: its open outcomes and the comments and ideas routed to it."""

    outcomes: list[Outcome]
    assignments: list[Assignment]


def inbox(session: Session, unit: Unit) -> Inbox:
    outs = select(Outcome).where(Outcome.unit_id == unit.id, col(Outcome.status).in_(OPEN_STATUSES))
    items = select(Assignment).where(Assignment.unit_id == unit.id, col(Assignment.done_at).is_(None))
    return Inbox(list(session.exec(outs.order_by(col(Outcome.due_on), col(Outcome.id)))),
                 list(session.exec(items.order_by(col(Assignment.due_on), col(Assignment.id)))))


def overdue(session: Session, organisation_id: int, today: date | None = None) -> Inbox:
    """Open outcomes and routed items whose due date has passed, oldest first."""
    today = today or utcnow().date()
    outs = select(Outcome).where(Outcome.organisation_id == organisation_id, col(Outcome.due_on) < today,
                                 col(Outcome.status).in_(OPEN_STATUSES))
    items = select(Assignment).where(Assignment.organisation_id == organisation_id,
                                     col(Assignment.due_on) < today, col(Assignment.done_at).is_(None))
    return Inbox(list(session.exec(outs.order_by(col(Outcome.due_on)).limit(200))),
                 list(session.exec(items.order_by(col(Assignment.due_on)).limit(200))))
