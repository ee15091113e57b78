"""Create staff users and tokens, find the user behind a token, list and revoke tokens."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.auth import ROLES
from app.common.security import hash_token, new_token
from app.config import get_settings
from app.models import ApiToken, Organisation, User
from app.models.common import utcnow


class OneCore:
    """Password hashing that takes at most one core per process, and only what residents leave
    free: argon2 is slow on purpose, and a flood of wrong passwords must not slow residents'
    submissions. Hence one lane (parallelism=1; the cost in time and memory is pwdlib's
    recommended one), one hash at a time, on one thread that runs at a lower CPU priority."""

    def __init__(self, hasher: PasswordHash) -> None:
        self._hasher = hasher
        self._lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argon2",
                                        initializer=_yield_to_others)

    def hash(self, password: str) -> str:
        return self._lane.submit(self._hasher.hash, password).result()

    def verify(self, password: str, stored: str) -> bool:
        return self._lane.submit(self._hasher.verify, password, stored).result()


NICER = 10  # how much lower the hashing thread's CPU priority is than the server's


def _yield_to_others() -> None:
    """Lower this thread's CPU priority (Linux: a thread is a task with its own nice value), so
    the scheduler runs request threads first while a hash waits; a login only waits longer."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + NICER)
    except (AttributeError, OSError):  # no per-thread priority here: hashing still runs one at a time
        pass


# MEDVIRK_ARGON2_COST=minimal is for the test suite only; production keeps the recommended cost.
passwords = OneCore(PasswordHash((
    Argon2Hasher(parallelism=1) if get_settings().argon2_cost == "recommended"
    else Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),)))


class AuthError(ValueError):
    """A user or token request that cannot be carried out."""


def get_or_create_organisation(session: Session, slug: str, name: str) -> Organisation:
    """The organisation with this slug, made if missing."""
    org = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    if org is None:
        org = Organisation(slug=slug, name=name)
        session.add(org)
        session.flush()
    return org


def create_user(
    session: Session, username: str, role: str, organisation: Organisation,
    password: str | None = None,
) -> User:
    """Make a staff user; the password, if any, is stored as an argon2 hash."""
    if role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}")
    if session.exec(select(User).where(User.username == username)).first():
        raise AuthError(f"user '{username}' exists already")
    user = User(
        username=username, role=role, organisation_id=organisation.id,  # type: ignore[arg-type]
        password_hash=passwords.hash(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user


MAX_TOKEN_DAYS = 366


def create_token(
    session: Session, username: str, name: str = "", days: int | None = None
) -> str:
    """Make a named bearer token that expires after `days` (the setting when None); the plain
    token is returned once and never stored."""
    days = get_settings().token_days if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise AuthError(f"a token lasts from 1 to {MAX_TOKEN_DAYS} days")
    if len(name) > 100:
        raise AuthError("a token name has at most 100 characters")
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.id is None:
        raise AuthError(f"no user '{username}'")
    if not user.is_active:
        raise AuthError(f"user '{username}' is deactivated")
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), name=name.strip(),
                         expires_at=utcnow() + timedelta(days=days)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user behind a live token (not revoked, not expired), or None."""
    row = session.exec(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)  # type: ignore[arg-type]
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None),  # type: ignore[union-attr]
               ApiToken.expires_at > utcnow())  # type: ignore[arg-type]
    ).first()
    return row if row is not None and row.is_active else None


def token_state(token: ApiToken, now: datetime | None = None) -> str:
    """'revoked', 'expired' or 'live'."""
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if token.expires_at <= (now or utcnow()) else "live"


def tokens_query(organisation_id: int, username: str | None = None) -> Any:
    """The organisation's tokens with their users, newest first (for a page of the list)."""
    query = (
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(User.organisation_id == organisation_id)
        .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
    )
    return query.where(User.username == username) if username else query


def revoke_token(session: Session, organisation_id: int | None, token_id: int) -> ApiToken | None:
    """Revoke one token (of this organisation, unless None: the command line); None when there is
    no such token. Revoking twice keeps the first time."""
    found = session.exec(
        select(ApiToken, User).join(User, col(User.id) == col(ApiToken.user_id))
        .where(ApiToken.id == token_id)
    ).first()
    if found is None or (organisation_id is not None and found[1].organisation_id != organisation_id):
        return None
    token = found[0]
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
        session.flush()
    return token


def revoke_tokens(session: Session, user_id: int) -> int:
    """Revoke every live token of a user (deactivation, "log out everywhere"); returns how many.
    Nothing ever clears revoked_at, so reactivating the user revives none of them."""
    result = session.connection().execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))  # type: ignore[arg-type, union-attr]
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
