"""Staff pages to archive, restore, copy and delete campaigns, boards and workshops."""

from urllib.parse import urlencode

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from app.admin import archive
from app.admin.forms import N_, FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.common.paging import page_number
from app.common.text import is_digits
from app.db import ReadSession, WriteSession
from app.models import Board, User, Workshop
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(include_in_schema=False)
CSRF = [Depends(verify_csrf)]
EDIT, COPY, DELETE = require("campaigns.edit"), require("campaigns.create"), require("campaigns.delete")
BOARDS, WORKSHOPS = require("boards.manage"), require("workshops.manage")


def board_for(session: Session, user: User, slug: str) -> Board:
    """The organisation's board with this address, or 404."""
    board = session.exec(select(Board).where(Board.slug == slug[:64])).first()
    if board is None or board.organisation_id != user.organisation_id:
        raise HTTPException(404, "Page not found")
    return board


def workshop_for(session: Session, user: User, workshop_id: int) -> Workshop:
    """The organisation's workshop with this id, or 404."""
    workshop = session.get(Workshop, workshop_id) if 0 < workshop_id < 2**31 else None
    if workshop is None or workshop.organisation_id != user.organisation_id:
        raise HTTPException(404, "Page not found")
    return workshop


@router.get("/staff/admin/archive", response_class=HTMLResponse)
def archive_page(
    request: Request, session: ReadSession, user: User = Depends(require("campaigns.view"))
) -> HTMLResponse:
    """Everything archived in the organisation, with restore and delete; each list in pages."""
    pages = {k: page_number(request.query_params.get(f"{k}_page", "1")) for k in archive.LISTS}
    return form_page(request, "admin/archive.html", {
        "user": user, **archive.archived(session, user.organisation_id, pages),
        "list_url": lambda kind, n: "/staff/admin/archive?" + urlencode(
            {**{f"{k}_page": v for k, v in pages.items() if v > 1}, f"{kind}_page": n}),
    })


def _notice(request: Request, user: User, error: FormError, back: str) -> HTMLResponse:
    response = form_page(request, "admin/notice.html", {"user": user, "back": back}, error)
    response.status_code = 409
    return response


# ---- campaigns ---------------------------------------------------------------------------------


@router.post("/staff/campaigns/{slug}/archive", response_model=None, dependencies=CSRF)
def archive_campaign(
    request: Request, slug: str, session: WriteSession, restore: str = Form(""), user: User = Depends(EDIT)
) -> Response:
    """Archive a campaign that takes no answers (or restore an archived one)."""
    campaign = campaign_for(session, user, slug)
    if restore == "1":
        archive.restore(session, user, campaign)
        return see_other(f"/staff/campaigns/{campaign.slug}?done=restored")
    try:
        archive.archive(session, user, campaign)
    except FormError as error:
        return _notice(request, user, error, f"/staff/campaigns/{campaign.slug}")
    return see_other("/staff/admin/archive?done=archived")


def _copy_page(
    request: Request, user: User, source: str, form: dict, action: str, error: FormError | None = None
) -> HTMLResponse:
    return form_page(
        request, "admin/copy.html", {"user": user, "source": source, "form": form, "action": action}, error
    )


@router.get("/staff/campaigns/{slug}/copy", response_class=HTMLResponse)
def copy_campaign_form(
    request: Request, slug: str, session: ReadSession, user: User = Depends(COPY)
) -> HTMLResponse:
    """The form to copy a campaign as a template for a new one."""
    campaign = campaign_for(session, user, slug)
    form = {"title": campaign.title, "slug": f"{campaign.slug}-2"[:64]}
    return _copy_page(request, user, campaign.title, form, f"/staff/campaigns/{campaign.slug}/copy")


@router.post("/staff/campaigns/{slug}/copy", response_model=None, dependencies=CSRF)
def copy_campaign(
    request: Request,
    slug: str,
    session: WriteSession,
    title: str = Form(""),
    new_slug: str = Form("", alias="slug"),
    user: User = Depends(COPY),
) -> Response:
    """Make the copy as a draft and open it."""
    campaign = campaign_for(session, user, slug)
    try:
        copy = archive.copy_campaign(session, user, campaign, new_slug, title)
    except FormError as error:
        return _copy_page(
            request,
            user,
            campaign.title,
            {"title": title, "slug": new_slug},
            f"/staff/campaigns/{campaign.slug}/copy",
            error,
        )
    return see_other(f"/staff/campaigns/{copy.slug}?done=copied")


# ---- boards ------------------------------------------------------------------------------------


@router.post("/staff/boards/{slug}/archive", dependencies=CSRF)
def archive_board(
    slug: str, session: WriteSession, restore: str = Form(""), user: User = Depends(BOARDS)
) -> Response:
    """Archive a board (it closes for new ideas) or restore it."""
    board = board_for(session, user, slug)
    if restore == "1":
        archive.restore(session, user, board)
        return see_other(f"/staff/boards/{board.slug}")
    board.is_open = False
    archive.archive(session, user, board)
    return see_other("/staff/admin/archive?done=archived")


@router.post("/staff/boards/{slug}/title", response_model=None, dependencies=CSRF)
def rename_board(
    request: Request, slug: str, session: WriteSession, title: str = Form(""), user: User = Depends(BOARDS)
) -> Response:
    """Change a board's title."""
    board = board_for(session, user, slug)
    try:
        archive.rename_board(session, user, board, title)
    except FormError as error:
        return _notice(request, user, error, f"/staff/boards/{board.slug}")
    return see_other(f"/staff/boards/{board.slug}")


# ---- workshops ---------------------------------------------------------------------------------


@router.post("/staff/workshops/{workshop_id}/archive", dependencies=CSRF)
def archive_workshop(
    workshop_id: int, session: WriteSession, restore: str = Form(""), user: User = Depends(WORKSHOPS)
) -> Response:
    """Archive a workshop or restore it."""
    workshop = workshop_for(session, user, workshop_id)
    if restore == "1":
        archive.restore(session, user, workshop)
        return see_other(f"/staff/workshops/{workshop.id}")
    archive.archive(session, user, workshop)
    return see_other("/staff/admin/archive?done=archived")


@router.get("/staff/workshops/{workshop_id}/copy", response_class=HTMLResponse)
def copy_workshop_form(
    request: Request, workshop_id: int, session: ReadSession, user: User = Depends(WORKSHOPS)
) -> HTMLResponse:
    """The form to copy a workshop as a template."""
    workshop = workshop_for(session, user, workshop_id)
    return _copy_page(
        request,
        user,
        workshop.title,
        {"title": workshop.title, "slug": None},
        f"/staff/workshops/{workshop.id}/copy",
    )


@router.post("/staff/workshops/{workshop_id}/copy", response_model=None, dependencies=CSRF)
def copy_workshop(
    request: Request,
    workshop_id: int,
    session: WriteSession,
    title: str = Form(""),
    user: User = Depends(WORKSHOPS),
) -> Response:
    """Make the copy with a fresh join code and open it."""
    workshop = workshop_for(session, user, workshop_id)
    try:
        copy = archive.copy_workshop(session, user, workshop, title)
    except FormError as error:
        return _copy_page(
            request,
            user,
            workshop.title,
            {"title": title, "slug": None},
            f"/staff/workshops/{workshop.id}/copy",
            error,
        )
    return see_other(f"/staff/workshops/{copy.id}")


# ---- deleting boards and workshops (campaigns: app/admin/deletion.py) ----------------------------


def _delete_page(
    request: Request, user: User, name: str, word: str, action: str, error: FormError | None = None
) -> HTMLResponse:
    return form_page(
        request, "admin/delete.html", {"user": user, "name": name, "word": word, "action": action}, error
    )


def _thing(session: Session, user: User, kind: str, key: str) -> tuple[Board | Workshop, str, str]:
    if kind == "boards":
        board = board_for(session, user, key)
        return board, board.slug, f"/staff/boards/{board.slug}/delete"
    if kind == "workshops" and is_digits(key):
        workshop = workshop_for(session, user, int(key))
        return workshop, str(workshop.id), f"/staff/workshops/{workshop.id}/delete"
    raise HTTPException(404, "Page not found")


def _confirm(request: Request, session: Session, user: User, kind: str, key: str) -> HTMLResponse:
    thing, word, action = _thing(session, user, kind, key)
    return _delete_page(request, user, thing.title, word, action)


def _delete(request: Request, session: Session, user: User, kind: str, key: str, confirm: str) -> Response:
    thing, word, action = _thing(session, user, kind, key)
    if confirm.strip() != word:
        return _delete_page(
            request,
            user,
            thing.title,
            word,
            action,
            FormError({"confirm": N_("Type %(word)s to delete it.")}, {"confirm": {"word": word}}),
        )
    archive.delete(session, user, thing)
    return see_other("/staff/admin/archive?done=deleted")


@router.get("/staff/boards/{slug}/delete", response_class=HTMLResponse)
def confirm_board(
    request: Request, slug: str, session: ReadSession, user: User = Depends(DELETE)
) -> HTMLResponse:
    """What deleting a board removes (its ideas, comments, supports), and the confirmation to type."""
    return _confirm(request, session, user, "boards", slug)


@router.post("/staff/boards/{slug}/delete", response_model=None, dependencies=CSRF)
def delete_board(
    request: Request, slug: str, session: WriteSession, confirm: str = Form(""), user: User = Depends(DELETE)
) -> Response:
    """Delete a board with its ideas when its address was typed to confirm."""
    return _delete(request, session, user, "boards", slug, confirm)


@router.get("/staff/workshops/{key}/delete", response_class=HTMLResponse)
def confirm_workshop(
    request: Request, key: str, session: ReadSession, user: User = Depends(DELETE)
) -> HTMLResponse:
    """What deleting a workshop removes (its rounds, votes, outcome), and the confirmation to type."""
    return _confirm(request, session, user, "workshops", key)


@router.post("/staff/workshops/{key}/delete", response_model=None, dependencies=CSRF)
def delete_workshop(
    request: Request, key: str, session: WriteSession, confirm: str = Form(""), user: User = Depends(DELETE)
) -> Response:
    """Delete a workshop with its votes when its number was typed to confirm."""
    return _delete(request, session, user, "workshops", key, confirm)
