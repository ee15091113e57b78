"""Find a field session for a staff page, only within the user's own municipality."""

from fastapi import HTTPException
from sqlmodel import Session

from app.fieldwork.service import find_session
from app.models import Area, Campaign, FieldSession, User


def session_for(session: Session, user: User, session_id: int) -> tuple[FieldSession, Campaign, Area]:
    """The session with its campaign and area, or a 404 when it is missing or another organisation's."""
    found = find_session(session, user.organisation_id, session_id)
    if found is None:
        raise HTTPException(404, "Page not found")
    return found
