"""The page behind a one-time link: a new or forgotten password is set here, once."""

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.admin import audit
from app.admin.forms import N_, FormError
from app.admin.users import MIN_PASSWORD
from app.admin.web import form_page
from app.auth import links
from app.auth.service import passwords
from app.db import ReadSession, WriteSession
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(include_in_schema=False)


def _page(request: Request, token: str, username: str | None, error: FormError | None = None) -> HTMLResponse:
    response = form_page(request, "staff/password.html", {"token": token, "username": username}, error)
    if username is None:
        response.status_code = 404
    return response


@router.get("/staff/password/{token}", response_class=HTMLResponse)
def password_form(request: Request, token: str, session: ReadSession) -> HTMLResponse:
    """The form to set a password, while the link is live; otherwise why it is not."""
    found = links.live(session, token[:100])
    return _page(request, token[:100], found[1].username if found else None)


@router.post("/staff/password/{token}", response_model=None, dependencies=[Depends(verify_csrf)])
def set_password(
    request: Request, token: str, session: WriteSession, password: str = Form(""), repeat: str = Form("")
) -> Response:
    """Set the password and spend the link; the user then logs in as usual."""
    token = token[:100]
    errors = {}
    if len(password) < MIN_PASSWORD or len(password) > 1000:
        errors["password"] = N_("The password must have at least 12 characters.")
    elif password != repeat:
        errors["repeat"] = N_("The two passwords differ.")
    # Hashed before the first statement: no write transaction waits on argon2.
    hashed = None if errors else passwords.hash(password)
    if hashed is None:
        found = links.live(session, token)
        return _page(request, token, found[1].username if found else None, FormError(errors))
    user = links.use(session, token, hashed)
    if user is None:
        return _page(request, token, None)
    audit.record(session, user, "user.password", user.username)
    return RedirectResponse("/staff/login?done=password", status_code=303)
