"""Staff pages of the register: list, make and edit outcomes, move their status, link their sources."""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.auth.web import require
from app.common.paging import page_number
from app.common.text import id_or_none
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.models import User
from app.models.outcomes import Outcome
from app.outcomes import reading, routing, service
from app.outcomes.service import OutcomeForm
from app.outcomes.vocab import LEVELS, N_, PLAN_STEPS, SOURCE_KINDS, STATUSES
from app.outcomes.web import body, choices, outcome_or_404, read_form
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = Router(prefix="/staff/outcomes", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
VIEW, MANAGE = require("outcomes.view"), require("outcomes.manage")
BODY = Depends(body)


@router.get("", response_class=HTMLResponse)
def register(request: Request, session: ReadSession, page: str = "1", status: str = "", unit: str = "",
             user: User = Depends(VIEW)) -> HTMLResponse:
    """The organisation's outcomes, newest first, by status or unit, a page at a time."""
    status = status if status in STATUSES else ""
    unit_id = id_or_none(unit)
    found = service.register_page(session, user.organisation_id, page_number(page), status, unit_id)
    _ = gettext_for(negotiate(request))
    return render(request, "outcomes/register.html", {
        "user": user, "outcomes": found.items, "page": found, "status": status, "unit": str(unit_id or ""),
        "errors": {}, "error_args": {},
        "page_url": lambda n: f"/staff/outcomes?page={n}&status={status}&unit={unit_id or ''}",
        "statuses": STATUSES, "plans": PLAN_STEPS, "levels": LEVELS,
        "unit_names": {u.id: u.name for u in routing.units(session, user.organisation_id)},
        "choices": choices(session, user, _),
        "campaigns": reading.org_campaigns(session, user.organisation_id),
    })


def _form_page(request: Request, session: Session, user: User, form: OutcomeForm,
               outcome: Outcome | None = None, errors: dict | None = None, status_errors: dict | None = None,
               typed: dict | None = None, code: int = 200) -> HTMLResponse:
    _ = gettext_for(negotiate(request))
    errors = {**(errors or {}), **(status_errors or {})}  # one summary at the top links to each
    ctx = {"user": user, "form": form, "outcome": outcome, "errors": errors, "error_args": {},
           "status_errors": status_errors or {}, "typed": typed or {}, "choices": choices(session, user, _),
           "statuses": STATUSES, "kinds": SOURCE_KINDS, "history": [], "sources": [], "offer": None}
    if outcome is not None:
        ctx.update(history=service.history(session, outcome),
                   sources=reading.source_views(session, [outcome], negotiate(request))[outcome.id or 0],
                   offer=reading.offered_sources(session, outcome, negotiate(request)))
    return render(request, "outcomes/form.html", ctx, status_code=code)


@router.get("/new", response_class=HTMLResponse)
def new(request: Request, session: ReadSession, user: User = Depends(MANAGE)) -> HTMLResponse:
    return _form_page(request, session, user, OutcomeForm())


@router.post("", response_model=None, dependencies=CSRF)
def create(request: Request, session: WriteSession, data: FormData = BODY,
           user: User = Depends(MANAGE)) -> Response:
    """Store a new outcome (proposed); errors stand next to their fields and keep what was typed."""
    form = read_form(data)
    errors = service.check(session, user.organisation_id, form)
    if errors:
        return _form_page(request, session, user, form, errors=errors, code=400)
    outcome = service.create(session, user.organisation_id, user.id, form)
    return RedirectResponse(f"/staff/outcomes/{outcome.id}", status_code=303)


@router.get("/{outcome_id}", response_class=HTMLResponse)
def edit(request: Request, outcome_id: int, session: ReadSession, user: User = Depends(VIEW)) -> HTMLResponse:
    """One outcome: its fields, status and dated history, and where it came from."""
    outcome = outcome_or_404(session, user, outcome_id)
    return _form_page(request, session, user, OutcomeForm.of(outcome), outcome)


@router.post("/{outcome_id}", response_model=None, dependencies=CSRF)
def update(request: Request, outcome_id: int, session: WriteSession, data: FormData = BODY,
           user: User = Depends(MANAGE)) -> Response:
    outcome = outcome_or_404(session, user, outcome_id)
    form = read_form(data)
    errors = service.check(session, user.organisation_id, form)
    if errors:
        return _form_page(request, session, user, form, outcome, errors, code=400)
    service.update(session, outcome, form)
    return RedirectResponse(f"/staff/outcomes/{outcome_id}", status_code=303)


@router.post("/{outcome_id}/status", response_model=None, dependencies=CSRF)
def change_status(request: Request, outcome_id: int, session: WriteSession, data: FormData = BODY,
                  user: User = Depends(MANAGE)) -> Response:
    """A new status with its date and note (the reason when not done); the history keeps every step."""
    outcome = outcome_or_404(session, user, outcome_id)
    status, note = str(data.get("status", ""))[:40], str(data.get("note", ""))[:5000]
    errors = service.set_status(session, outcome, status, note, user.id)
    if errors:
        return _form_page(request, session, user, OutcomeForm.of(outcome), outcome, status_errors=errors,
                          typed={"status": status, "note": note}, code=400)
    return RedirectResponse(f"/staff/outcomes/{outcome_id}#current-status", status_code=303)


@router.post("/{outcome_id}/sources", response_model=None, dependencies=CSRF)
def add_source(request: Request, outcome_id: int, session: WriteSession, data: FormData = BODY,
               user: User = Depends(MANAGE)) -> Response:
    """Link a theme, area, approved comment or idea ("kind|campaign id|ref" from the offered list)."""
    outcome = outcome_or_404(session, user, outcome_id)
    errors: dict[str, str] = {}
    for picked in [str(v)[:300] for v in data.getlist("source")][:50]:
        kind, _, rest = picked.partition("|")
        cid, _, ref = rest.partition("|")
        campaign = service.campaign_of(session, user.organisation_id, cid)
        found = service.add_source(session, outcome, kind, campaign, ref) if campaign else {"source": "x"}
        errors.update(found)
    if errors:
        return _form_page(request, session, user, OutcomeForm.of(outcome), outcome,
                          status_errors={"source": N_("Choose from the list.")}, code=400)
    return RedirectResponse(f"/staff/outcomes/{outcome_id}#sources", status_code=303)


@router.post("/{outcome_id}/sources/{source_id}/delete", dependencies=CSRF)
def remove_source(outcome_id: int, source_id: int, session: WriteSession,
                  user: User = Depends(MANAGE)) -> RedirectResponse:
    service.remove_source(session, outcome_or_404(session, user, outcome_id), source_id)
    return RedirectResponse(f"/staff/outcomes/{outcome_id}#sources", status_code=303)
