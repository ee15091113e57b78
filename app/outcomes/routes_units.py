"""Staff pages of routing: units, each unit's inbox, routing comments and ideas, the overdue list."""

from datetime import date

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.auth.web import require
from app.common.text import id_or_none
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.models import User
from app.outcomes import reading, routing, service
from app.outcomes.vocab import N_, STATUSES
from app.outcomes.web import body
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import render

router = Router(prefix="/staff/outcomes", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
VIEW, MANAGE = require("outcomes.view"), require("outcomes.manage")
BODY = Depends(body)


def _units_page(request: Request, session: Session, user: User, errors: dict | None = None,
                typed: str = "", code: int = 200) -> HTMLResponse:
    return render(request, "outcomes/units.html", {
        "user": user, "units": routing.units(session, user.organisation_id), "errors": errors or {},
        "error_args": {}, "typed": typed, "open": service.count_open_by_unit(session, user.organisation_id),
    }, status_code=code)


@router.get("/units", response_class=HTMLResponse)
def units(request: Request, session: ReadSession, user: User = Depends(VIEW)) -> HTMLResponse:
    """The organisation's units, each with its open outcomes and a link to its inbox."""
    return _units_page(request, session, user)


@router.post("/units", response_model=None, dependencies=CSRF)
def add_unit(request: Request, session: WriteSession, data: FormData = BODY,
             user: User = Depends(require("units.manage"))) -> Response:
    name = str(data.get("name", ""))[:1000]
    errors = routing.add_unit(session, user.organisation_id, name)
    if errors:
        return _units_page(request, session, user, errors, name, 400)
    return RedirectResponse("/staff/outcomes/units", status_code=303)


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def inbox(request: Request, unit_id: int, session: ReadSession, user: User = Depends(VIEW)) -> HTMLResponse:
    """What one unit must answer: its open outcomes, and the comments and ideas routed to it."""
    unit = service.unit_of(session, user.organisation_id, unit_id)
    if unit is None:
        raise HTTPException(404, "Page not found")
    box = routing.inbox(session, unit)
    return render(request, "outcomes/inbox.html", {
        "user": user, "unit": unit, "box": box, "statuses": STATUSES, "today": date.today(),
        "labels": reading.assignment_labels(session, box.assignments)})


@router.get("/overdue", response_class=HTMLResponse)
def overdue(request: Request, session: ReadSession, user: User = Depends(VIEW)) -> HTMLResponse:
    """Open outcomes and routed items past their due date, for the dashboard."""
    box = routing.overdue(session, user.organisation_id)
    return render(request, "outcomes/inbox.html", {
        "user": user, "unit": None, "box": box, "statuses": STATUSES, "today": date.today(),
        "labels": reading.assignment_labels(session, box.assignments),
        "unit_names": {u.id: u.name for u in routing.units(session, user.organisation_id)}})


def _route_page(request: Request, session: Session, user: User, campaign: str, errors: dict | None = None,
                code: int = 200) -> HTMLResponse:
    chosen = service.campaign_of(session, user.organisation_id, campaign)
    campaigns = reading.org_campaigns(session, user.organisation_id)
    return render(request, "outcomes/route.html", {
        "user": user, "chosen": chosen,
        "campaign_choices": [("", "–"), *[(str(c.id), c.title) for c in campaigns]],
        "items": reading.routable(session, chosen, negotiate(request)) if chosen else [],
        "units": routing.units(session, user.organisation_id), "errors": errors or {}, "error_args": {},
    }, status_code=code)


@router.get("/route", response_class=HTMLResponse)
def route_page(request: Request, session: ReadSession, campaign: str = "",
               user: User = Depends(MANAGE)) -> HTMLResponse:
    """A campaign's approved comments and ideas, each to be routed to a unit with a due date."""
    return _route_page(request, session, user, campaign)


@router.post("/route", response_model=None, dependencies=CSRF)
def route(request: Request, session: WriteSession, data: FormData = BODY,
          user: User = Depends(MANAGE)) -> Response:
    kind, ref = str(data.get("kind", ""))[:10], str(data.get("ref", ""))[:200]
    campaign = str(data.get("campaign", ""))[:20]
    unit = service.unit_of(session, user.organisation_id, data.get("unit", ""))
    raw_due = str(data.get("due_on", "")).strip()[:20]
    try:
        due = date.fromisoformat(raw_due) if raw_due else None
    except ValueError:
        errors = {"due_on": N_("Give a date as YYYY-MM-DD.")}
        return _route_page(request, session, user, campaign, errors, 400)
    if unit is None:
        return _route_page(request, session, user, campaign, {"unit": N_("Choose a unit.")}, 400)
    errors = routing.assign(session, user.organisation_id, unit, kind, ref, due,
                            str(data.get("note", ""))[:5000], user.id)
    if errors:
        return _route_page(request, session, user, campaign, errors, 400)
    return RedirectResponse(f"/staff/outcomes/route?campaign={id_or_none(campaign) or ''}", status_code=303)


@router.post("/assignments/{assignment_id}/done", dependencies=CSRF)
def done(assignment_id: int, session: WriteSession, data: FormData = BODY,
         user: User = Depends(MANAGE)) -> RedirectResponse:
    routing.mark_done(session, user.organisation_id, assignment_id)
    back = id_or_none(data.get("unit", ""))
    target = f"/staff/outcomes/units/{back}" if back else "/staff/outcomes/overdue"
    return RedirectResponse(target, status_code=303)
