"""The moderation queue page: survey comments, board comments and ideas; filters, paging, bulk
approve and hide with a reason."""

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.admin import moderation
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.permissions import allowed
from app.auth.web import require
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.ideas.web import form_data
from app.models import Board, Campaign, User
from app.web.security import verify_csrf

router = APIRouter(prefix="/staff/moderation", include_in_schema=False)
MODERATE = require("ideas.moderate")


def _filters(kind: str, state: str, board: str, campaign: str = "") -> dict[str, str]:
    return {
        "kind": kind if kind in moderation.KINDS else "all",
        "state": state if state in moderation.STATES else "pending",
        "campaign": campaign[:64],
        "board": board[:64],
    }


def _url(filters: dict[str, str], number: int) -> str:
    return f"/staff/moderation?{urlencode({**filters, 'page': number})}"


def _page(
    request: Request,
    session: Session,
    user: User,
    filters: dict[str, str],
    number: int,
    error: FormError | None = None,
    form: dict | None = None,
) -> HTMLResponse:
    page = moderation.queue(
        session,
        user.organisation_id,
        filters["kind"],
        filters["state"],
        filters["board"],
        number,
        campaign=filters["campaign"],
        surveys=allowed(user.role, "comments.moderate"),
    )
    boards = session.exec(
        select(Board.slug, Board.title)
        .where(Board.organisation_id == user.organisation_id)
        .order_by(col(Board.title))
    ).all()
    campaigns = session.exec(
        select(Campaign.slug, Campaign.title)
        .where(Campaign.organisation_id == user.organisation_id, col(Campaign.archived_at).is_(None))
        .order_by(col(Campaign.title))
    ).all()
    return form_page(
        request,
        "admin/moderation.html",
        {
            "user": user,
            "page": page,
            "items": page.items,
            "filters": filters,
            "boards": boards,
            "campaigns": campaigns,
            "page_url": lambda n: _url(filters, n),
            "form": form or {"reason": ""},
            "done": request.query_params.get("done", "")[:8],
        },
        error,
    )


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request,
    session: ReadSession,
    kind: str = "all",
    state: str = "pending",
    board: str = "",
    campaign: str = "",
    page: str = "1",
    user: User = Depends(MODERATE),
) -> HTMLResponse:
    """One page of comments and ideas to look at, newest first, with the reporters' reasons."""
    return _page(request, session, user, _filters(kind, state, board, campaign), page_number(page))


@router.post("", response_model=None, dependencies=[Depends(verify_csrf)])
def bulk(
    request: Request,
    session: WriteSession,
    form: FormData = Depends(form_data),
    user: User = Depends(MODERATE),
) -> Response:
    """Approve or hide every ticked row; back to the same filters and page."""
    filters = _filters(
        str(form.get("kind", "")),
        str(form.get("state", "")),
        str(form.get("board", "")),
        str(form.get("campaign", "")),
    )
    number = page_number(form.get("page", "1"))
    picked = [str(v) for v in form.getlist("item")]
    reason = str(form.get("reason", ""))
    try:
        count = moderation.bulk(session, user, picked, str(form.get("action", "")), reason)
    except FormError as error:
        return _page(request, session, user, filters, number, error, {"reason": reason})
    return see_other(_url(filters, number) + f"&done={count}")
