"""Admin pages: the organisation's staff users."""

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.admin import audit, mail, users
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth import ROLES
from app.auth.web import require
from app.common.paging import page_number
from app.db import ReadSession, WriteSession, read_only, unit_of_work
from app.i18n import STAFF_LANGUAGES, negotiate
from app.models import User
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/admin", include_in_schema=False)
CSRF = [Depends(verify_csrf)]


def _page(
    request: Request,
    session: Session,
    admin: User,
    error: FormError | None = None,
    form: dict | None = None,
    done: str | None = None,
    link: tuple[str, str] | None = None,
    number: int = 1,
    mailed: str = "",
    mail_error: str | None = None,
) -> HTMLResponse:
    rows = users.users_of(session, admin.organisation_id, number)
    return form_page(
        request,
        "admin/users.html",
        {
            "user": admin,
            "users": rows.items,
            "page": rows,
            "page_url": lambda n: f"/staff/admin/users?page={n}",
            "roles": ROLES,
            "role_names": users.ROLE_NAMES,
            "form": form or {"username": "", "role": "facilitator", "email": ""},
            "done": done,
            "link": link,
            "mail_on": mail.enabled(),
            "mailed": mailed,
            "mail_error": mail_error,
            "organisation": users.organisation_name(session, admin.organisation_id),
        },
        error,
    )


@router.get("/users", response_class=HTMLResponse)
def list_users(
    request: Request,
    session: ReadSession,
    done: str | None = None,
    page: str = "1",
    admin: User = Depends(require("users.manage")),
) -> HTMLResponse:
    """The organisation's staff users, a page at a time, and a form for a new one."""
    return _page(request, session, admin, done=done if done in DONE else None, number=page_number(page))


@router.post("/users", response_model=None, dependencies=CSRF)
def create_user(
    request: Request,
    username: str = Form(""),
    role: str = Form(""),
    password: str = Form(""),
    email: str = Form(""),
    admin: User = Depends(require("users.manage")),
) -> Response:
    """Create a user, with a password or (left empty) with a one-time invitation link shown once
    and, when SMTP is configured and an address is given, e-mailed; errors come back next to the
    fields, the password is never echoed."""
    address = mail.wanted(email) if not password else ""
    try:
        if address is None:
            raise FormError({"email": mail.BAD_ADDRESS})
        # A unit of work of its own: the e-mail goes out after the commit, never inside it.
        with unit_of_work() as session:
            made = users.create(session, admin, username, role, password)
            link = None if password else users.invite_link(session, admin, made)
    except FormError as error:
        with read_only() as session:
            return _page(request, session, admin, error, {"username": username, "role": role, "email": email})
    if link is None:
        return see_other("/staff/admin/users?done=created")
    return _with_link(request, admin, made.username, link, address or "", "invite")


@router.post("/users/{user_id}/reset", response_model=None, dependencies=CSRF)
def reset_link(request: Request, user_id: int, email: str = Form(""),
               admin: User = Depends(require("users.manage"))) -> Response:
    """Make a one-time link for a user to set a new password (older links stop working); shown once
    and, when SMTP is configured and an address is given, e-mailed after the commit."""
    address = mail.wanted(email)
    with unit_of_work() as session:
        target = _target(session, admin, user_id)
        if address is None:
            error = FormError({"user": mail.BAD_ADDRESS})
        else:
            error = None
            link = users.invite_link(session, admin, target, "reset")
    if error is not None:
        with read_only() as session:
            return _page(request, session, admin, error)
    return _with_link(request, admin, target.username, link, address or "", "reset", done="reset")


def _with_link(request: Request, admin: User, username: str, link: str, address: str, purpose: str,
               done: str | None = None) -> HTMLResponse:
    """The users page with the one-time link shown, after e-mailing it when there is an address."""
    lang = negotiate(request, list(STAFF_LANGUAGES))
    mailed, problem = mail.deliver(address, username, link, purpose, lang)
    with read_only() as session:
        return _page(request, session, admin, done=done, link=(username, link), mailed=mailed,
                     mail_error=problem)


def _target(session: Session, admin: User, user_id: int) -> User:
    if not 0 < user_id < 2**31:
        raise HTTPException(404, "Page not found")
    user = users.user_in_org(session, admin, user_id)
    if user is None:
        raise HTTPException(404, "Page not found")
    return user


@router.post("/users/{user_id}/active", response_model=None, dependencies=CSRF)
def set_active(
    request: Request,
    user_id: int,
    session: WriteSession,
    active: str = Form(""),
    admin: User = Depends(require("users.manage")),
) -> Response:
    """Deactivate or reactivate a user."""
    target = _target(session, admin, user_id)
    try:
        users.set_active(session, admin, target, active == "1")
    except FormError as error:
        return _page(request, session, admin, error)
    return see_other(f"/staff/admin/users?done={'activated' if active == '1' else 'deactivated'}")


@router.post("/users/{user_id}/revoke", dependencies=CSRF)
def revoke(
    user_id: int, session: WriteSession, admin: User = Depends(require("sessions.revoke"))
) -> Response:
    """Log a user out everywhere: every browser session ends and every API token is revoked."""
    target = _target(session, admin, user_id)
    users.log_out_everywhere(session, target.id)  # type: ignore[arg-type]
    audit.record(session, admin, "user.revoke", target.username)
    return see_other("/staff/admin/users?done=revoked")


DONE = ("created", "activated", "deactivated", "revoked")
