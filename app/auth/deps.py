"""FastAPI dependencies that identify staff from a bearer token, or from the browser's login.

The field tablet's offline queue posts to the JSON API from the browser, where there is no
token but a staff session cookie. The cookie counts only when the request also carries the
custom header `X-Medvirk-Field: 1` (and, if the browser sends one, a same-site Origin): a form
or a plain link on another site cannot set such a header, and a cross-site script would need a
CORS preflight this app never grants. That is the CSRF protection for these API calls.
"""

from collections.abc import Callable
from urllib.parse import urlparse

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.auth import sessions
from app.auth.permissions import allowed
from app.auth.service import user_for_token
from app.common.errors import ApiError
from app.db import read_only
from app.models import User

bearer = HTTPBearer(auto_error=False, description="Staff API token from `medvirk token create`.")
FIELD_HEADER = "x-medvirk-field"


def optional_staff(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> User | None:
    """The staff user when a valid token (or a field request's session) is sent; None when neither is."""
    if credentials is None and request.headers.get(FIELD_HEADER) != "1":
        return None  # a resident: no database work at all
    with read_only() as session:
        return staff_for(session, request, credentials)


def staff_for(
    session: Session, request: Request, credentials: HTTPAuthorizationCredentials | None
) -> User | None:
    """What `optional_staff` decides, callable where the route opens its own session."""
    if credentials is not None:
        user = user_for_token(session, credentials.credentials)
        if user is None:
            raise HTTPException(401, "The token is not valid.", headers={"WWW-Authenticate": "Bearer"})
        return user
    if request.headers.get(FIELD_HEADER) != "1":
        return None  # a resident's browser: its cookies never make a post count as staff
    origin = request.headers.get("origin")
    if origin and urlparse(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "Cross-site requests are not allowed.")
    user = sessions.user_for(session, sessions.read_cookie(request.cookies.get(sessions.COOKIE)))
    if user is None:
        raise HTTPException(
            401, "Your login has expired. Log in again; nothing waiting on this device is lost."
        )
    return user


def require_staff(user: User | None = Depends(optional_staff)) -> User:
    """A staff user, or 401."""
    if user is None:
        raise HTTPException(401, "A staff token is required.", headers={"WWW-Authenticate": "Bearer"})
    return user


def api_action(action: str) -> Callable[..., User]:
    """Dependency factory for the API: a staff user whose role the permission matrix lets take
    `action`; 401 without a valid token, 403 for a role that may not."""

    def dependency(user: User = Depends(require_staff)) -> User:
        check_action(user, action)
        return user

    return dependency


def check_action(user: User, action: str) -> None:
    """403 unless the matrix lets the user's role take the action."""
    if not allowed(user.role, action):
        raise ApiError(403, "forbidden", "Your role does not allow this.")
