"""The staff start page (the organisation's overview), campaign targets and search."""

from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.admin import dashboard
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.permissions import allowed
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.models import User
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(include_in_schema=False)


@router.get("/staff", response_class=HTMLResponse)
def staff_home(
    request: Request, session: ReadSession, user: User = Depends(require("staff.home"))
) -> HTMLResponse:
    """Open campaigns with today's, this week's and all responses, what waits, the next workshops."""
    return form_page(
        request,
        "staff/home.html",
        {
            "user": user,
            "campaigns": dashboard.campaigns(session, user),
            "waiting": dashboard.waiting(session, user) if allowed(user.role, "ideas.moderate") else None,
            "workshops": dashboard.upcoming(session, user),
        },
    )


@router.post("/staff/campaigns/{slug}/target", response_model=None, dependencies=[Depends(verify_csrf)])
def set_target(
    request: Request,
    slug: str,
    session: WriteSession,
    target: str = Form(""),
    user: User = Depends(require("campaigns.edit")),
) -> Response:
    """Set how many responses a campaign aims for (shown against the count on the start page)."""
    campaign = campaign_for(session, user, slug)
    try:
        dashboard.set_target(session, campaign, target[:20])
    except FormError as error:
        return form_page(request, "admin/notice.html", {"user": user, "back": "/staff"}, error)
    return see_other("/staff#campaign-" + campaign.slug)


@router.get("/staff/search", response_class=HTMLResponse)
def search(
    request: Request, session: ReadSession, q: str = "", user: User = Depends(require("campaigns.view"))
) -> HTMLResponse:
    """Campaigns, boards, ideas and comments that contain the words; each list in pages."""
    pages = {k: page_number(request.query_params.get(f"{k}_page", "1")) for k in dashboard.SEARCHED}
    found = dashboard.search(session, user, q, pages)

    def list_url(kind: str, n: int) -> str:
        kept = {f"{k}_page": v for k, v in pages.items() if v > 1}
        return "/staff/search?" + urlencode({"q": q[:100], **kept, f"{kind}_page": n})

    return form_page(
        request, "staff/search.html", {"user": user, "q": q[:100], "found": found, "list_url": list_url}
    )
