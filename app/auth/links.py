"""One-time links to set a password: an invitation for a new user, or a reset for a forgotten one.

Only the link's SHA-256 is stored. A link works once, expires (an invitation after 7 days, a
reset after 24 hours), and a new link for the same user cancels the older ones. Setting the
password ends every browser session of the user, so a reset also locks out whoever knew the old one.
"""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from app.auth import sessions
from app.common.security import hash_token, new_token
from app.config import get_settings
from app.models import LoginLink, User
from app.models.common import utcnow

LIFETIME = {"invite": timedelta(days=7), "reset": timedelta(hours=24)}


def issue(session: Session, user: User, purpose: str) -> str:
    """Make a link for a user; returns its token (shown or sent once, never stored)."""
    assert purpose in LIFETIME and user.id is not None
    table = LoginLink.__table__  # type: ignore[attr-defined]
    session.connection().execute(
        update(table).where(table.c.user_id == user.id, table.c.used_at.is_(None)).values(used_at=utcnow())
    )
    token = new_token()
    session.add(
        LoginLink(
            user_id=user.id,
            token_hash=hash_token(token),
            purpose=purpose,
            expires_at=utcnow() + LIFETIME[purpose],
        )
    )
    session.flush()
    return token


def url(token: str) -> str:
    """The full address of a link, as printed or e-mailed."""
    return f"{get_settings().base_url}/staff/password/{token}"


def live(session: Session, token: str) -> tuple[LoginLink, User] | None:
    """The unused, unexpired link behind a token and its active user, or None."""
    if not token or len(token) > 100:
        return None
    found = session.exec(
        select(LoginLink, User)
        .join(User, User.id == LoginLink.user_id)  # type: ignore[arg-type]
        .where(LoginLink.token_hash == hash_token(token))
    ).first()
    if found is None:
        return None
    link, user = found
    if link.used_at is not None or link.expires_at <= utcnow() or not user.is_active:
        return None
    return link, user


def use(session: Session, token: str, password_hash: str) -> User | None:
    """Spend a link: set the (already hashed) password and end the user's sessions; None if the
    link is not live (used, expired, unknown)."""
    found = live(session, token)
    if found is None:
        return None
    link, user = found
    table = LoginLink.__table__  # type: ignore[attr-defined]
    # Spent in one conditional statement: of two tabs sending the same link at once, one wins.
    spent = session.connection().execute(
        update(table).where(table.c.id == link.id, table.c.used_at.is_(None)).values(used_at=utcnow())
    )
    if not spent.rowcount:  # type: ignore[attr-defined]
        return None
    user.password_hash = password_hash
    session.add(user)
    sessions.revoke_all(session, user.id)  # type: ignore[arg-type]
    session.flush()
    return user
