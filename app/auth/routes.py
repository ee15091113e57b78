"""Staff login and logout, and the staff member's own language (start page: app/admin/dashboard_routes.py)."""

from urllib.parse import urlparse

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import update
from sqlmodel import col

from app.auth import sessions, throttle
from app.auth.web import require, set_login_cookie
from app.db import WriteSession
from app.i18n import STAFF_LANGUAGES, negotiate
from app.models import User
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = Router(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only redirect within this site after login."""
    if not target or urlparse(target).netloc or not target.startswith("/") or target.startswith("//"):
        return "/staff"
    return target


@router.get("/staff/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/staff", done: str = "") -> HTMLResponse:
    """The login form."""
    return render(request, "staff/login.html", {"next": _safe_next(next), "username": "", "error": None,
                                                "done": done == "password"})


@router.post("/staff/login", response_model=None, dependencies=[Depends(verify_csrf)])
def login(
    request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/staff"),
) -> Response:
    """Check the password and start a session; a failure keeps the username typed."""
    lang = negotiate(request, list(STAFF_LANGUAGES))  # stored as the new user's staff language
    _ = gettext_for(lang)
    outcome = sessions.log_in(username, password, throttle.client_of(request, username), lang)
    if outcome.token is None:
        error = (_("Too many failed attempts. Wait 15 minutes and try again.") if outcome.locked
                 else _("The username or password is wrong."))
        return render(request, "staff/login.html", status_code=429 if outcome.locked else 400, context={
            "next": _safe_next(next), "username": username, "error": error, "done": False})
    set_login_cookie(request, sessions.cookie_value(outcome.token))
    throttle.remember_device(request, username)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/staff/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request, session: WriteSession) -> RedirectResponse:
    """End this browser's session."""
    sessions.end(session, request.cookies.get(sessions.COOKIE))
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@router.get("/staff/language", response_class=HTMLResponse)
def language_form(request: Request, user: User = Depends(require("staff.home"))) -> HTMLResponse:
    """Choose the language of the staff pages (the person's own setting)."""
    return render(request, "staff/language.html", {"user": user, "choices": STAFF_LANGUAGES,
                                                   "done": request.query_params.get("done") == "saved"})


@router.post("/staff/language", dependencies=[Depends(verify_csrf)])
def set_language(
    session: WriteSession, lang: str = Form(""), user: User = Depends(require("staff.home"))
) -> Response:
    """Save the staff member's language; resident pages and previews keep their own."""
    if lang in STAFF_LANGUAGES:  # the resident-only languages do not cover the staff pages
        session.exec(update(User).where(col(User.id) == user.id).values(locale=lang))  # type: ignore[call-overload]
    return RedirectResponse("/staff/language?done=saved", status_code=303)
