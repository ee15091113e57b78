"""Staff pages that delete: one response, or a whole campaign (after offering its export).

Both ask for a typed confirmation, so a stray click deletes nothing; both leave no trace in any
table (app/admin/lifecycle.py).
"""

import uuid

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func
from sqlmodel import Session, select

from app.admin import archive, audit
from app.admin.forms import N_, FormError
from app.admin.lifecycle import delete_responses
from app.admin.web import form_page, see_other
from app.auth.permissions import allowed
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.db import ReadSession, WriteSession
from app.models import Answer, Area, Campaign, User
from app.models import Response as Stored
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/campaigns", include_in_schema=False)
CSRF = [Depends(verify_csrf)]


def _count(session: Session, campaign: Campaign) -> int:
    query = select(func.count()).select_from(Stored).where(Stored.campaign_id == campaign.id)
    return int(session.exec(query).one())  # type: ignore[arg-type]


def _campaign_page(request: Request, session: Session, user: User, campaign: Campaign,
                   error: FormError | None = None) -> HTMLResponse:
    return form_page(request, "staff/campaign_delete.html", {
        "user": user, "campaign": campaign, "responses": _count(session, campaign),
        "can_export": allowed(user.role, "results.export"), "demo": campaign.is_demo}, error)


@router.get("/{slug}/delete", response_class=HTMLResponse)
def confirm_campaign(request: Request, slug: str, session: ReadSession,
                     user: User = Depends(require("campaigns.delete"))) -> HTMLResponse:
    """What deleting the campaign removes, its export first, and the confirmation to type."""
    return _campaign_page(request, session, user, campaign_for(session, user, slug))


@router.post("/{slug}/delete", response_model=None, dependencies=CSRF)
def remove_campaign(request: Request, slug: str, session: WriteSession, confirm: str = Form(""),
                    user: User = Depends(require("campaigns.delete"))) -> Response:
    """Delete the campaign with everything in it, when its web address was typed to confirm."""
    campaign = campaign_for(session, user, slug)
    if confirm.strip() != campaign.slug:
        return _campaign_page(request, session, user, campaign, FormError(
            {"confirm": N_("Type the campaign's web address, %(slug)s, to delete it.")},
            {"confirm": {"slug": campaign.slug}}))
    archive.delete(session, user, campaign)
    return see_other("/staff/campaigns?done=deleted")


def _response_in(session: Session, campaign: Campaign, raw: str) -> Stored | None:
    try:
        rid = str(uuid.UUID(raw.strip()))
    except ValueError:
        return None
    found = session.get(Stored, rid)
    return found if found is not None and found.campaign_id == campaign.id else None


def _response_page(request: Request, session: Session, user: User, campaign: Campaign, raw: str,
                   error: FormError | None = None) -> HTMLResponse:
    found = _response_in(session, campaign, raw) if raw else None
    if raw and found is None and error is None:
        error = FormError({"id": N_("No response with this reference in this campaign.")})
    facts = None
    if found is not None:
        area = session.get(Area, found.area_id)
        query = select(func.count()).select_from(Answer).where(Answer.response_id == found.id)
        answers = session.exec(query).one()  # type: ignore[arg-type]
        facts = {"area": area.name if area else "", "answers": answers}
    return form_page(request, "staff/response_delete.html", {
        "user": user, "campaign": campaign, "raw": raw, "found": found, "facts": facts,
        "demo": campaign.is_demo}, error)


@router.get("/{slug}/responses/delete", response_class=HTMLResponse)
def find_response(request: Request, slug: str, session: ReadSession, id: str = "",
                  user: User = Depends(require("responses.delete"))) -> HTMLResponse:
    """Find a response by its reference, see what it holds, and confirm its deletion."""
    return _response_page(request, session, user, campaign_for(session, user, slug), id[:64])


@router.post("/{slug}/responses/delete", response_model=None, dependencies=CSRF)
def remove_response(request: Request, slug: str, session: WriteSession, id: str = Form(""),
                    confirm: str = Form(""), user: User = Depends(require("responses.delete"))) -> Response:
    """Delete one response when the first 8 characters of its reference were typed to confirm."""
    campaign = campaign_for(session, user, slug)
    found = _response_in(session, campaign, id[:64])
    if found is None:
        return _response_page(request, session, user, campaign, id[:64])
    if confirm.strip().lower() != found.id[:8]:
        return _response_page(request, session, user, campaign, found.id, FormError(
            {"confirm": N_("Type %(start)s, the start of the reference, to delete this response.")},
            {"confirm": {"start": found.id[:8]}}))
    reference, where = found.id, campaign.slug  # both expire with the deleted rows
    delete_responses(session, [reference])
    audit.record(session, user, "response.delete", f"{where}: {reference[:8]}")
    return see_other(f"/staff/campaigns/{where}?done=response_deleted")
