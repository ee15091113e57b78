"""Browser logins for staff: password check, server-side sessions, logout and revocation."""

from sqlmodel import Session, select

from app.auth.service import passwords
from app.common.security import hash_token, new_token
from app.models import StaffSession, User
from app.models.common import utcnow

COOKIE = "staff"
IDLE_HOURS = 12


def check_password(session: Session, username: str, password: str) -> User | None:
    """The active user whose password this is, or None (same work whether or not the user exists)."""
    user = session.exec(select(User).where(User.username == username.strip())).first()
    stored = user.password_hash if user and user.password_hash else _DUMMY
    ok = passwords.verify(password, stored)
    return user if ok and user is not None and user.is_active else None


def start(session: Session, user: User) -> str:
    """Open a session for a user; returns the cookie value (only its hash is stored)."""
    token = new_token()
    session.add(StaffSession(user_id=user.id, token_hash=hash_token(token)))  # type: ignore[arg-type]
    session.commit()
    return token


def user_for(session: Session, token: str | None) -> User | None:
    """The user of a live, unrevoked, recently used session."""
    if not token:
        return None
    row = session.exec(select(StaffSession).where(StaffSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    if (utcnow() - row.last_seen_at).total_seconds() > IDLE_HOURS * 3600:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def end(session: Session, token: str | None) -> None:
    """Log out: revoke the session behind the cookie."""
    if not token:
        return
    row = session.exec(select(StaffSession).where(StaffSession.token_hash == hash_token(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.commit()


def revoke_all(session: Session, user_id: int) -> int:
    """Revoke every live session of a user (an admin's action); returns how many."""
    rows = session.exec(
        select(StaffSession).where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))  # type: ignore[union-attr]
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
        session.add(row)
    session.commit()
    return len(rows)


_DUMMY = passwords.hash("not a real password")
