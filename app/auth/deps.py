"""FastAPI dependencies that identify staff from a bearer token."""

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.auth.service import user_for_token
from app.db import get_session
from app.models import User

bearer = HTTPBearer(auto_error=False, description="Staff API token from `medvirk token create`.")


def optional_staff(
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
    session: Session = Depends(get_session),
) -> User | None:
    """The staff user when a valid token is sent; None when no token is sent."""
    if credentials is None:
        return None
    user = user_for_token(session, credentials.credentials)
    if user is None:
        raise HTTPException(401, "The token is not valid.", headers={"WWW-Authenticate": "Bearer"})
    return user


def require_staff(user: User | None = Depends(optional_staff)) -> User:
    """A staff user, or 401."""
    if user is None:
        raise HTTPException(401, "A staff token is required.", headers={"WWW-Authenticate": "Bearer"})
    return user
