"""Page dependencies for staff: who is logged in, and may they take this action."""

from collections.abc import Callable

from fastapi import Depends, HTTPException, Request

from app.auth import sessions
from app.auth.permissions import allowed
from app.config import get_settings
from app.db import read_only
from app.i18n import COOKIE, STAFF_LANGUAGES
from app.models import User
from app.web.security import set_cookie_later


class LoginRequired(Exception):
    """Raised for a page that needs a login; the app answers with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def set_login_cookie(request: Request, value: str) -> None:
    """Send the staff cookie: it outlives a browser restart (a tablet), not the idle limit."""
    set_cookie_later(request, sessions.COOKIE, value, httponly=True, samesite="lax", path="/",
                     secure=get_settings().base_url.startswith("https"),
                     max_age=sessions.idle_seconds())


def logged_in(request: Request) -> User | None:
    """The user behind the request's staff cookie (its own short read), renewing the cookie's
    last-request time so the idle limit counts from now."""
    cookie = sessions.read_cookie(request.cookies.get(sessions.COOKIE))
    if cookie is None:
        return None
    with read_only() as session:
        user = sessions.user_for(session, cookie)
    if user is not None and user.locale in STAFF_LANGUAGES:
        # Staff pages speak the person's own language, whatever a resident page or a report
        # preview left in the shared `lang` cookie (a `?lang` still shows that one page in it).
        # The request's parsed cookies are shared with the route that renders the page.
        request._cookies = {**request.cookies, COOKIE: user.locale}  # type: ignore[attr-defined]
    if user is not None and sessions.needs_refresh(cookie):
        set_login_cookie(request, sessions.cookie_value(cookie.token))
    return user


def current_staff(request: Request) -> User | None:
    """The logged-in staff user, or None."""
    return logged_in(request)


def require(action: str) -> Callable[..., User]:
    """Dependency factory: the logged-in user, if their role may take `action`."""

    def dependency(request: Request, user: User | None = Depends(current_staff)) -> User:
        if user is None:
            raise LoginRequired(request.url.path)
        if not allowed(user.role, action):
            raise HTTPException(403, "Your role does not allow this.")
        return user

    return dependency


def same_organisation(user: User, organisation_id: int) -> None:
    """Staff see and change only their own municipality's data."""
    if user.organisation_id != organisation_id:
        raise HTTPException(404, "Page not found")


def superadmin(request: Request, user: User | None = Depends(current_staff)) -> User:
    """Dependency: the logged-in user, if they are a super-admin (who manages organisations)."""
    if user is None:
        raise LoginRequired(request.url.path)
    if not user.is_superadmin:
        raise HTTPException(403, "Your role does not allow this.")
    return user
