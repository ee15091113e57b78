"""Browser logins for staff: password check, server-side sessions, idle expiry and revocation.

The cookie holds the session token, the time of the last request and a signature of both. Each
request the user makes moves that time on (a fresh cookie at most once a minute), so the idle
limit counts from the last request without a GET ever writing to the database. The database
row decides everything else: logout and "log out everywhere" revoke it.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.auth import throttle
from app.auth.service import passwords
from app.common.security import hash_token, new_token, same_secret
from app.common.text import is_digits
from app.config import get_settings
from app.db import unit_of_work
from app.models import StaffSession, User
from app.models.common import utcnow

COOKIE = "staff"
REFRESH_SECONDS = 60  # how stale the cookie's last-request time may get before it is renewed


@dataclass(frozen=True)
class Cookie:
    """What a staff cookie says: the session token and when it was last used."""

    token: str
    seen: int


def idle_seconds() -> int:
    """How long a login lasts without a request."""
    return get_settings().staff_idle_minutes * 60


def _sign(token: str, seen: int) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"staff:{token}:{seen}".encode(), hashlib.sha256).hexdigest()[:32]


def cookie_value(token: str, seen: int | None = None) -> str:
    """The cookie for a session token, stamped with the time of this request."""
    seen = int(time.time()) if seen is None else seen
    return f"{token}.{seen}.{_sign(token, seen)}"


def read_cookie(value: str | None, now: int | None = None) -> Cookie | None:
    """The token and last-request time of a genuine, not idle cookie; None otherwise."""
    token, _, rest = (value or "").partition(".")
    seen, _, sig = rest.partition(".")
    if not token or not is_digits(seen) or not same_secret(sig, _sign(token, int(seen))):
        return None
    now = int(time.time()) if now is None else now
    return Cookie(token, int(seen)) if now - int(seen) <= idle_seconds() else None


def needs_refresh(cookie: Cookie, now: int | None = None) -> bool:
    """Whether to send a cookie with a newer last-request time."""
    return (int(time.time()) if now is None else now) - cookie.seen >= REFRESH_SECONDS


@dataclass(frozen=True)
class LoginOutcome:
    """A login attempt: the new session's token, or why there is none."""

    token: str | None = None
    locked: bool = False


def log_in(
    username: str, password: str, client: throttle.Client, locale: str | None = None
) -> LoginOutcome:
    """Check a password and open a session, counting the attempt against the throttle first.

    The use case owns its transactions: the attempt is counted (and the user read) in one short
    write, the password hash (slow on purpose) is checked outside any transaction, and a second
    short write opens the session, or leaves the attempt counted as a failure.
    """
    with unit_of_work() as session:
        held = throttle.reserve(session, username, client)
        if held is None:
            return LoginOutcome(locked=True)
        user = session.exec(select(User).where(User.username == username.strip())).first()
    stored = user.password_hash if user and user.password_hash else _DUMMY
    ok = passwords.verify(password, stored) and user is not None and user.is_active
    if not ok or user is None:
        return LoginOutcome()  # the attempt counted above stays a failure
    with unit_of_work() as session:
        throttle.forgive(session, held)
        if user.locale is None and locale:
            # The staff pages' language is the person's own from now on: the language they
            # logged in with, until they choose another (/staff/language), never a ?lang.
            session.exec(update(User).where(col(User.id) == user.id).values(locale=locale))
        return LoginOutcome(token=start(session, user))


def start(session: Session, user: User) -> str:
    """Open a session for a user; returns the token (only its hash is stored)."""
    token = new_token()
    session.add(StaffSession(user_id=user.id, token_hash=hash_token(token)))  # type: ignore[arg-type]
    return token


def user_for(session: Session, cookie: Cookie | None) -> User | None:
    """The active user of a live, unrevoked session."""
    if cookie is None:
        return None
    user = session.exec(
        select(User)
        .join(StaffSession, StaffSession.user_id == User.id)  # type: ignore[arg-type]
        .where(StaffSession.token_hash == hash_token(cookie.token), StaffSession.revoked_at.is_(None))  # type: ignore[union-attr]
    ).first()
    return user if user is not None and user.is_active else None


def end(session: Session, cookie_text: str | None) -> None:
    """Log out: revoke the session behind the cookie."""
    token = (cookie_text or "").partition(".")[0]
    if not token:
        return
    row = session.exec(select(StaffSession).where(StaffSession.token_hash == hash_token(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)


def revoke_all(session: Session, user_id: int) -> int:
    """Revoke every live session of a user (an admin's action); returns how many."""
    rows = session.exec(
        select(StaffSession).where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))  # type: ignore[union-attr]
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
        session.add(row)
    return len(rows)


_DUMMY = passwords.hash("not a real password")
