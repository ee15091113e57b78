"""Page dependencies for staff: who is logged in, and may they take this action."""

from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from app.auth import sessions
from app.auth.permissions import allowed
from app.db import get_session
from app.models import User


class LoginRequired(Exception):
    """Raised for a page that needs a login; the app answers with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def current_staff(request: Request, session: Session = Depends(get_session)) -> User | None:
    """The logged-in staff user, or None."""
    return sessions.user_for(session, request.cookies.get(sessions.COOKIE))


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
