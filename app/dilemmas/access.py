"""Who may reach a session: staff of its organisation, and phones that typed its code.

Phones reuse the politisk verksted's device cookie and its count of wrong codes per device (a room
shares one network, so addresses are never used). A phone that typed the right code gets a cookie
signed over the session, its code and the device: it cannot be made without the code, and a
session id in the address alone lets nobody in.
"""

import hashlib
import hmac

from fastapi import HTTPException, Request, Response
from sqlmodel import Session

from app.auth.web import same_organisation
from app.common.security import same_secret
from app.config import get_settings
from app.models import User
from app.models.dilemmas import DilemmaSession
from app.workshops.routes_phone import device_of

COOKIE = "dilemma"
HOURS = 12  # a table-top lasts a day at most


def staff_session(session: Session, session_id: int, user: User) -> DilemmaSession:
    """The session, if it belongs to the user's organisation; 404 otherwise (as if it never existed)."""
    row = session.get(DilemmaSession, session_id)
    if row is None:
        raise HTTPException(404, "Page not found")
    same_organisation(user, row.organisation_id)
    return row


def _signature(row: DilemmaSession, device: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"dilemma:{row.id}:{row.code}:{device}".encode(), hashlib.sha256).hexdigest()[:32]


def admit(request: Request, response: Response, row: DilemmaSession) -> None:
    """Remember on this phone that it typed the session's code."""
    device = device_of(request)
    if device is not None:
        response.set_cookie(f"{COOKIE}{row.id}", _signature(row, device), max_age=HOURS * 3600,
                            httponly=True, samesite="lax", secure=get_settings().base_url.startswith("https"))


def admitted(request: Request, row: DilemmaSession | None) -> bool:
    """Whether this phone typed the session's code (False for a session that does not exist)."""
    device = device_of(request)
    if row is None or device is None:
        return False
    return same_secret(request.cookies.get(f"{COOKIE}{row.id}", ""), _signature(row, device))
