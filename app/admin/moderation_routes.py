"""The moderation queue page: survey comments, board comments and ideas; filters, paging, bulk
approve and hide with a reason."""

from urllib.parse import urlencode

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.admin import moderation, text_edits
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.permissions import allowed
from app.auth.web import require
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.ideas.web import form_data
from app.models import Board, Campaign, User
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/moderation", include_in_schema=False)
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


def _edit_page(
    request: Request,
    session: Session,
    user: User,
    target: text_edits.Target,
    back: str,
    text: str | None = None,
    error: FormError | None = None,
) -> HTMLResponse:
    return form_page(
        request,
        "admin/text_edit.html",
        {
            "user": user,
            "target": target,
            "history": text_edits.history(session, target),
            "form": {"text": target.text if text is None else text},
            "back": back,
        },
        error,
    )


def _back(url: str) -> str:
    """Back to the queue page the edit came from (only a queue address is followed)."""
    return url if url.startswith("/staff/moderation?") and "//" not in url else "/staff/moderation"


def _target(session: Session, user: User, item: str) -> text_edits.Target:
    kind = item.partition(":")[0]
    if kind == "idea":
        raise HTTPException(404, "Page not found")
    target = text_edits.find(session, user, item[:200])
    if target is None or (kind == "survey" and not allowed(user.role, "comments.moderate")):
        raise HTTPException(404, "Page not found")
    return target


@router.get("/edit", response_model=None)
def edit_form(
    request: Request, session: ReadSession, item: str = "", user: User = Depends(MODERATE)
) -> Response:
    """A comment's words to correct, with every earlier version (an idea has a page of its own)."""
    if item.startswith("idea:"):
        return see_other(f"/staff/ideas/{item[5:41]}/edit")
    back = _back(request.query_params.get("back", ""))
    return _edit_page(request, session, user, _target(session, user, item), back)


@router.post("/edit", response_model=None, dependencies=[Depends(verify_csrf)])
def edit(
    request: Request,
    session: WriteSession,
    item: str = Form(""),
    text: str = Form(""),
    back: str = Form(""),
    user: User = Depends(MODERATE),
) -> Response:
    """Save the corrected words; the replaced ones are kept beside them."""
    target = _target(session, user, item)
    back = _back(back)
    try:
        text_edits.edit(session, user, target, text)
    except FormError as error:
        return _edit_page(request, session, user, target, back, text, error)
    done = urlencode({"item": target.key, "back": back, "done": "saved"})
    return see_other(f"/staff/moderation/edit?{done}")
