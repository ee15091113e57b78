"""Staff pages of one board or workshop (rename, archive, copy, delete) and editing an idea's words."""

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.admin import ideas_edit
from app.admin.archive_routes import BOARDS, WORKSHOPS, board_for, workshop_for
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.db import ReadSession, WriteSession
from app.models import User
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(include_in_schema=False)
CSRF = [Depends(verify_csrf)]
IDEAS = require("ideas.moderate")


@router.get("/staff/boards/{slug}/admin", response_class=HTMLResponse)
def board_admin(
    request: Request, slug: str, session: ReadSession, user: User = Depends(BOARDS)
) -> HTMLResponse:
    """Rename, archive or delete a board."""
    return form_page(
        request, "admin/board_admin.html", {"user": user, "board": board_for(session, user, slug)}
    )


@router.get("/staff/workshops/{workshop_id}/admin", response_class=HTMLResponse)
def workshop_admin(
    request: Request, workshop_id: int, session: ReadSession, user: User = Depends(WORKSHOPS)
) -> HTMLResponse:
    """Copy, archive or delete a workshop."""
    workshop = workshop_for(session, user, workshop_id)
    return form_page(request, "admin/workshop_admin.html", {"user": user, "workshop": workshop})


def _idea_page(
    request: Request,
    session: Session,
    user: User,
    found: tuple,
    form: dict | None = None,
    error: FormError | None = None,
) -> HTMLResponse:
    idea, board = found
    return form_page(
        request,
        "admin/idea_edit.html",
        {
            "user": user,
            "idea": idea,
            "board": board,
            "history": ideas_edit.history(session, idea),
            "form": form or {"title": idea.title, "description": idea.description},
        },
        error,
    )


@router.get("/staff/ideas/{idea_id}/edit", response_class=HTMLResponse)
def idea_form(
    request: Request, idea_id: str, session: ReadSession, user: User = Depends(IDEAS)
) -> HTMLResponse:
    """The idea's words to correct, and what it said before."""
    found = ideas_edit.idea_for(session, user, idea_id)
    if found is None:
        raise HTTPException(404, "Page not found")
    return _idea_page(request, session, user, found)


@router.post("/staff/ideas/{idea_id}/edit", response_model=None, dependencies=CSRF)
def edit_idea(
    request: Request,
    idea_id: str,
    session: WriteSession,
    title: str = Form(""),
    description: str = Form(""),
    user: User = Depends(IDEAS),
) -> Response:
    """Save the corrected words; the replaced ones are kept."""
    found = ideas_edit.idea_for(session, user, idea_id)
    if found is None:
        raise HTTPException(404, "Page not found")
    try:
        ideas_edit.edit(session, user, found[0], found[1], title, description)
    except FormError as error:
        return _idea_page(request, session, user, found, {"title": title, "description": description}, error)
    return see_other(f"/staff/ideas/{found[0].id}/edit?done=saved")
