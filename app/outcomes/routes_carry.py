"""Staff page: start the next politisk verksted from the open outcomes of earlier ones."""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.auth.web import require
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.models import Area, User
from app.outcomes import carry, reading, service
from app.outcomes.vocab import N_, STATUSES
from app.outcomes.web import body
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render
from app.workshops import service as workshops  # the workshop is made by its own domain's rules
from app.workshops.service import WorkshopForm

router = Router(prefix="/staff/outcomes", include_in_schema=False)
MANAGE = require("workshops.manage")


def _page(request: Request, session: Session, user: User, campaign: str = "", title: str = "",
          errors: dict | None = None, code: int = 200) -> HTMLResponse:
    found = carry.open_from_workshops(session, user.organisation_id)
    campaigns = reading.org_campaigns(session, user.organisation_id)
    return render(request, "outcomes/next_workshop.html", {
        "user": user, "outcomes": found, "statuses": STATUSES, "title": title, "campaign": campaign,
        "campaign_choices": [(str(c.id), c.title) for c in campaigns], "errors": errors or {},
        "error_args": {}}, status_code=code)


@router.get("/next-workshop", response_class=HTMLResponse)
def next_workshop(request: Request, session: ReadSession, user: User = Depends(MANAGE)) -> HTMLResponse:
    """The open outcomes of earlier workshops, and a form that starts the next workshop from them."""
    return _page(request, session, user)


@router.post("/next-workshop", response_model=None, dependencies=[Depends(verify_csrf)])
def start(request: Request, session: WriteSession, data: FormData = Depends(body),
          user: User = Depends(MANAGE)) -> Response:
    """A new workshop on the chosen campaign, focused on the open outcomes' themes and ideas."""
    title, raw = str(data.get("title", ""))[:1000], str(data.get("campaign", ""))[:20]
    campaign = service.campaign_of(session, user.organisation_id, raw)
    if campaign is None:
        return _page(request, session, user, raw, title, {"campaign": N_("Choose from the list.")}, 400)
    start_from = carry.carry(session, campaign)
    if not start_from.themes:
        errors = {"campaign": N_("The open outcomes name no theme of this campaign.")}
        return _page(request, session, user, raw, title, errors, 400)
    _ = gettext_for(negotiate(request))
    areas = session.exec(select(Area.slug).where(Area.campaign_id == campaign.id).order_by(col(Area.id)))
    method = _("Open outcomes from earlier workshops:") + "\n" + "\n".join(
        f"- {o.title} ({_(STATUSES[o.status])})" for o in start_from.outcomes)
    form = WorkshopForm(title=title, method=method[:4000], campaigns=[str(campaign.id)],
                        areas=[f"{campaign.id}:{a}" for a in areas], themes=start_from.themes,
                        boards=[str(b) for b in start_from.board_ids])
    errors, _args = workshops.validate(session, user, form)
    if errors:
        return _page(request, session, user, raw, title, {k: v for k, v in errors.items()
                                                          if k in ("title", "campaign")} or errors, 400)
    workshop = workshops.create(session, user, form)
    workshops.set_ideas(session, workshop, start_from.idea_ids)
    return RedirectResponse(f"/staff/workshops/{workshop.id}", status_code=303)
