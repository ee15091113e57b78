"""The register: make and edit outcomes, move their status (history kept), link their sources."""

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.common.paging import Page, paginate
from app.common.text import id_or_none
from app.models import Area, Board, Campaign, CommentReview, Idea, User
from app.models.common import utcnow
from app.models.outcomes import Outcome, OutcomeEvent, OutcomeSource, Unit
from app.outcomes.vocab import (
    CASE_MAX,
    LEVELS,
    N_,
    NAME_MAX,
    PLAN_STEPS,
    SOURCE_KINDS,
    STATUSES,
    TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
)
from app.results.service import themes_of

Errors = dict[str, str]  # field -> msgid


@dataclass
class OutcomeForm:
    """What staff type for an outcome; kept as typed so a refused form shows it again."""

    title: str = ""
    public_note: str = ""
    internal_note: str = ""
    plan_step: str = ""
    case_number: str = ""
    decision: str = ""
    decision_url: str = ""
    unit: str = ""
    responsible: str = ""
    due_on: str = ""
    level: str = ""
    campaign: str = ""
    is_public: bool = False

    @classmethod
    def of(cls, o: Outcome) -> "OutcomeForm":
        due = o.due_on.isoformat() if o.due_on else ""
        return cls(o.title, o.public_note, o.internal_note, o.plan_step, o.case_number, o.decision,
                   o.decision_url, str(o.unit_id or ""), o.responsible, due, o.level,
                   str(o.campaign_id or ""), o.is_public)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return None


def check(session: Session, organisation_id: int, form: OutcomeForm) -> Errors:
    """Messages (msgids) per field; an empty dict when the form can be stored."""
    errors: Errors = {}
    limits = {"title": TITLE_MAX, "public_note": TEXT_MAX, "internal_note": TEXT_MAX, "case_number": CASE_MAX,
              "decision": TEXT_MAX, "decision_url": URL_MAX, "responsible": NAME_MAX}
    if not form.title.strip():
        errors["title"] = N_("Please fill this in.")
    for name, limit in limits.items():
        if len(getattr(form, name)) > limit:
            errors[name] = N_("This text is too long.")
    if form.plan_step and form.plan_step not in PLAN_STEPS:
        errors["plan_step"] = N_("Choose from the list.")
    if form.level and form.level not in LEVELS:
        errors["level"] = N_("Choose from the list.")
    url = form.decision_url.strip()
    if url and not url.startswith(("https://", "http://")):
        errors["decision_url"] = N_("A link starts with https://")
    if form.due_on.strip() and _date(form.due_on) is None:
        errors["due_on"] = N_("Give a date as YYYY-MM-DD.")
    if form.unit and unit_of(session, organisation_id, form.unit) is None:
        errors["unit"] = N_("Choose from the list.")
    if form.campaign and campaign_of(session, organisation_id, form.campaign) is None:
        errors["campaign"] = N_("Choose from the list.")
    return errors


def unit_of(session: Session, organisation_id: int, raw: object) -> Unit | None:
    key = id_or_none(raw)
    unit = session.get(Unit, key) if key is not None else None
    return unit if unit is not None and unit.organisation_id == organisation_id else None


def campaign_of(session: Session, organisation_id: int, raw: object) -> Campaign | None:
    key = id_or_none(raw)
    campaign = session.get(Campaign, key) if key is not None else None
    return campaign if campaign is not None and campaign.organisation_id == organisation_id else None


def _apply(outcome: Outcome, form: OutcomeForm) -> None:
    outcome.title, outcome.public_note = form.title.strip(), form.public_note.strip()
    outcome.internal_note, outcome.plan_step = form.internal_note.strip(), form.plan_step
    outcome.case_number, outcome.decision = form.case_number.strip(), form.decision.strip()
    outcome.decision_url, outcome.responsible = form.decision_url.strip(), form.responsible.strip()
    outcome.unit_id = int(form.unit) if form.unit else None
    outcome.campaign_id = int(form.campaign) if form.campaign else None
    outcome.due_on, outcome.level, outcome.is_public = _date(form.due_on), form.level, form.is_public
    outcome.updated_at = utcnow()


def create(session: Session, organisation_id: int, user_id: int | None, form: OutcomeForm,
           origin: str = "register") -> Outcome:
    """Store a checked form as a proposed outcome, with the first entry of its history."""
    outcome = Outcome(organisation_id=organisation_id, title="", origin=origin, created_by=user_id)
    _apply(outcome, form)
    session.add(outcome)
    session.flush()
    session.add(OutcomeEvent(outcome_id=outcome.id, status=outcome.status, changed_by=user_id))  # type: ignore[arg-type]
    return outcome


def update(session: Session, outcome: Outcome, form: OutcomeForm) -> None:
    _apply(outcome, form)
    session.add(outcome)


def set_status(session: Session, outcome: Outcome, status: str, note: str, user_id: int | None) -> Errors:
    """Move to a status with a dated history entry; "not done" needs its reason."""
    if status not in STATUSES:
        return {"status": N_("Choose from the list.")}
    if status == "not_done" and not note.strip():
        return {"note": N_("Say why it was not done.")}
    if len(note) > TEXT_MAX:
        return {"note": N_("This text is too long.")}
    outcome.status, outcome.status_reason, outcome.updated_at = status, note.strip(), utcnow()
    session.add(outcome)
    session.add(OutcomeEvent(outcome_id=outcome.id, status=status, note=note.strip(), changed_by=user_id))  # type: ignore[arg-type]
    return {}


def get(session: Session, organisation_id: int, outcome_id: int) -> Outcome | None:
    outcome = session.get(Outcome, outcome_id)
    return outcome if outcome is not None and outcome.organisation_id == organisation_id else None


def register_page(session: Session, organisation_id: int, number: int, status: str = "",
                  unit_id: int | None = None) -> Page[Outcome]:
    """The organisation's outcomes, newest first, optionally one status or one unit."""
    stmt = select(Outcome).where(Outcome.organisation_id == organisation_id)
    if status in STATUSES:
        stmt = stmt.where(Outcome.status == status)
    if unit_id is not None:
        stmt = stmt.where(Outcome.unit_id == unit_id)
    return paginate(stmt.order_by(col(Outcome.id).desc()), session, number)


def history(session: Session, outcome: Outcome) -> list[OutcomeEvent]:
    stmt = select(OutcomeEvent).where(OutcomeEvent.outcome_id == outcome.id)
    return list(session.exec(stmt.order_by(col(OutcomeEvent.created_at), col(OutcomeEvent.id))))


def sources(session: Session, outcome_ids: list[int]) -> list[OutcomeSource]:
    if not outcome_ids:
        return []
    stmt = select(OutcomeSource).where(col(OutcomeSource.outcome_id).in_(outcome_ids))
    return list(session.exec(stmt.order_by(col(OutcomeSource.id))))


def add_source(session: Session, outcome: Outcome, kind: str, campaign: Campaign, ref: str,
               workshop_id: int | None = None) -> Errors:
    """Link what the outcome came from; the thing must exist in one of the organisation's campaigns."""
    if kind not in SOURCE_KINDS or campaign.organisation_id != outcome.organisation_id:
        return {"source": N_("Choose from the list.")}
    row = OutcomeSource(outcome_id=outcome.id, kind=kind, campaign_id=campaign.id, ref=ref,  # type: ignore[arg-type]
                        workshop_id=workshop_id)
    if kind == "theme" and ref not in themes_of(campaign):
        return {"source": N_("Choose from the list.")}
    if kind == "area" and not session.exec(select(Area.id).where(
            Area.campaign_id == campaign.id, Area.slug == ref)).first():
        return {"source": N_("Choose from the list.")}
    if kind == "idea":
        idea = session.get(Idea, ref)
        board = session.get(Board, idea.board_id) if idea else None
        if board is None or board.campaign_id != campaign.id:
            return {"source": N_("Choose from the list.")}
        row.idea_id = ref
    exists = select(OutcomeSource.id).where(
        OutcomeSource.outcome_id == outcome.id, OutcomeSource.kind == kind,
        OutcomeSource.campaign_id == campaign.id, OutcomeSource.ref == ref)
    if kind == "comment":
        response_id, _, rest = ref.partition(":")
        theme, _, which = rest.partition(":")
        review = session.get(CommentReview, (response_id, theme, which))
        if review is None or review.status != "approved" or review.campaign_id != campaign.id:
            return {"source": N_("Only approved comments can be linked.")}
        row.response_id, row.ref = response_id, stored_ref(theme, which)
        exists = select(OutcomeSource.id).where(
            OutcomeSource.outcome_id == outcome.id, OutcomeSource.response_id == response_id,
            col(OutcomeSource.ref).startswith(f"{theme}:{which}:"))
    if session.exec(exists).first() is None:
        session.add(row)
        session.flush()
    return {}


def stored_ref(theme: str, which: str) -> str:
    """How a comment is kept: its theme and kind and a random tail, never the response's id, so
    deleting the response (which clears `response_id`) leaves no trace of it here."""
    return f"{theme}:{which}:{secrets.token_hex(6)}"


def comment_parts(stored: str) -> tuple[str, str]:
    theme, _, rest = stored.partition(":")
    return theme, rest.partition(":")[0]


def remove_source(session: Session, outcome: Outcome, source_id: int) -> None:
    row = session.get(OutcomeSource, source_id)
    if row is not None and row.outcome_id == outcome.id:
        session.delete(row)


def count_open_by_unit(session: Session, organisation_id: int) -> dict[int, int]:
    stmt = (select(Outcome.unit_id, func.count()).where(Outcome.organisation_id == organisation_id,
            col(Outcome.status).in_(("proposed", "decided", "in_progress"))).group_by(col(Outcome.unit_id)))
    return {u: n for u, n in session.exec(stmt) if u is not None}  # type: ignore[call-overload]


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    found = [i for i in ids if i is not None]
    if not found:
        return {}
    return dict(session.exec(select(User.id, User.username).where(col(User.id).in_(found))).all())  # type: ignore[arg-type]

