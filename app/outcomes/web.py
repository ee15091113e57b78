"""Helpers the outcome pages share: the posted form, the outcome or the 404 page, the choices offered."""

from fastapi import HTTPException, Request
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.models import Campaign, User
from app.models.outcomes import Outcome
from app.outcomes import routing, service
from app.outcomes.service import OutcomeForm
from app.outcomes.vocab import LEVELS, PLAN_STEPS, STATUSES

FIELDS = ("title", "public_note", "internal_note", "plan_step", "case_number", "decision", "decision_url",
          "unit", "responsible", "due_on", "level", "campaign")


async def body(request: Request) -> FormData:
    """The posted form, read before the route runs (routes are plain functions in the thread pool)."""
    return await request.form()


def read_form(data: FormData) -> OutcomeForm:
    """The typed outcome, each field cut at a length no valid value reaches (the check says why)."""
    values = {name: str(data.get(name, ""))[:5000] for name in FIELDS}
    return OutcomeForm(**values, is_public=data.get("is_public") == "1")


def outcome_or_404(session: Session, user: User, outcome_id: int) -> Outcome:
    outcome = service.get(session, user.organisation_id, outcome_id)
    if outcome is None:
        raise HTTPException(404, "Page not found")
    return outcome


def choices(session: Session, user: User, _) -> dict:  # type: ignore[no-untyped-def]
    """What the outcome form offers, labels in the page's language."""
    stmt = select(Campaign).where(Campaign.organisation_id == user.organisation_id)
    campaigns = session.exec(stmt.order_by(col(Campaign.created_at).desc()).limit(200)).all()
    return {
        "plan_steps": [("", "–"), *[(k, _(v)) for k, v in PLAN_STEPS.items()]],
        "levels": [("", "–"), *[(k, _(v)) for k, v in LEVELS.items()]],
        "statuses": [(k, _(v)) for k, v in STATUSES.items()],
        "units": [("", "–"), *[(str(u.id), u.name) for u in routing.units(session, user.organisation_id)]],
        "campaigns": [("", "–"), *[(str(c.id), c.title) for c in campaigns]],
    }
