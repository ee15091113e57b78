"""Login throttling: too many failed logins lock a username, or a client, out for a while.

Failures are counted in the `login_failure` table (shared by every worker process) under an
HMAC of the username or of the client address, so the address itself is never stored. Rows
older than the window are deleted as new failures arrive; a successful login clears the
username's count. Nothing here touches residents' answers.
"""

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from app.config import get_settings
from app.models import LoginFailure
from app.models.common import utcnow

WINDOW = timedelta(minutes=15)
MAX_PER_USERNAME = 5
MAX_PER_CLIENT = 20


def _key(kind: str, value: str) -> str:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def keys(username: str, client: str) -> tuple[str, str]:
    """The username's and the client's counter keys."""
    return _key("user", username.strip().lower()), _key("client", client)


def _count(session: Session, key: str) -> int:
    since = utcnow() - WINDOW
    query = (
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key_hash == key, LoginFailure.failed_at > since)
    )  # type: ignore[arg-type]
    return int(session.exec(query).one())  # type: ignore[call-overload]


def locked(session: Session, username: str, client: str) -> bool:
    """Whether this username or this client has failed too often within the window."""
    user_key, client_key = keys(username, client)
    return _count(session, user_key) >= MAX_PER_USERNAME or _count(session, client_key) >= MAX_PER_CLIENT


def record_failure(session: Session, username: str, client: str) -> None:
    """Count a failed login against both keys, and forget failures older than the window."""
    session.exec(delete(LoginFailure).where(LoginFailure.failed_at < utcnow() - WINDOW))  # type: ignore[call-overload, arg-type]
    session.add_all(LoginFailure(key_hash=k) for k in keys(username, client))


def clear_username(session: Session, username: str) -> None:
    """A successful login forgives the username's earlier mistakes."""
    session.exec(delete(LoginFailure).where(LoginFailure.key_hash == keys(username, "")[0]))  # type: ignore[call-overload, arg-type]
