"""Login throttling that slows a password guesser without locking the real user out.

Three counters, each a row per failed attempt in `login_failure` under an HMAC (never a username
or an address in clear), forgotten once WINDOW has passed:

- per account and client: five failures free, then each further try waits twice as long as the
  one before (30 s, 1 min, 2 min ... at most WINDOW). A client is the browser's signed device
  cookie, given at a successful login for that account, or else the client address.
- per account, from clients the account has never logged in from: a ceiling (MAX_PER_ACCOUNT).
  A distributed flood stops there, while the real user's known browser keeps its own counter.
- per address, from unknown clients, across accounts: a ceiling (MAX_PER_CLIENT) on spraying.

An attempt is counted before the password is checked (`reserve`), in a short transaction that
holds a lock on its keys (an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so
concurrent guesses queue for the count instead of all reading the same stale number. A correct
password then takes its own attempt back (`forgive`). The address comes from X-Forwarded-For
only when the direct peer is a configured trusted proxy (MEDVIRK_TRUSTED_PROXIES); uvicorn is
started with --no-proxy-headers so that it never rewrites the peer itself.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete, func, text
from sqlmodel import Session, col, select

from app.common.clients import client_address
from app.common.security import same_secret
from app.config import get_settings
from app.models import LoginFailure
from app.models.common import utcnow
from app.web.security import set_cookie_later

WINDOW = timedelta(minutes=15)
MAX_PER_USERNAME = 5  # failures per account and client before the backoff starts
FIRST_DELAY = timedelta(seconds=30)
MAX_PER_ACCOUNT = 50  # failures per account per window from clients it has not logged in from
MAX_PER_CLIENT = 30  # failures per address per window across accounts, from unknown clients
DEVICE_COOKIE = "staff_device"
DEVICE_DAYS = 365


@dataclass(frozen=True)
class Client:
    """Who is trying: a device id when the browser has logged in to this account before, and the address."""

    address: str
    device: str | None = None

    @property
    def known(self) -> bool:
        return self.device is not None


@dataclass(frozen=True)
class Held:
    """The failure rows counted for one attempt before its password was checked."""

    ids: tuple[int, ...]
    pair: str


def _key(kind: str, value: str) -> str:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _account(username: str) -> str:
    return username.strip().lower()


def _pair_key(username: str, client: Client) -> str:
    who = f"device:{client.device}" if client.device else f"addr:{client.address}"
    return _key("pair", f"{_account(username)}\n{who}")


def delay(failures: int) -> timedelta:
    """How long after its last failure an account-and-client pair must wait before trying again."""
    if failures < MAX_PER_USERNAME:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - MAX_PER_USERNAME, 20), WINDOW)


def _lock(session: Session, keys: list[str]) -> None:
    # PostgreSQL: one transaction at a time per key (sorted, so two attempts never deadlock).
    # SQLite: the writer transaction, begun here (BEGIN IMMEDIATE), holds the whole database.
    if session.get_bind().dialect.name == "postgresql":
        for k in sorted(set(keys)):
            session.exec(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))").bindparams(k=k))  # type: ignore[call-overload]
    else:
        session.connection()


def _stats(session: Session, key: str, since: datetime) -> tuple[int, datetime | None]:
    stmt = select(func.count(), func.max(LoginFailure.failed_at)).where(
        LoginFailure.key_hash == key, col(LoginFailure.failed_at) > since)
    n, last = session.exec(stmt).one()
    return int(n), last


def reserve(session: Session, username: str, client: Client) -> Held | None:
    """Count this attempt before its password is checked; None when the client must wait."""
    pair = _pair_key(username, client)
    others = [] if client.known else [_key("user", _account(username)), _key("client", client.address)]
    _lock(session, [pair, *others])
    # The clock is read holding the lock: an attempt that waited behind others would otherwise find
    # their failures newer than itself, and be refused while still under its limit.
    now = utcnow()
    since = now - WINDOW
    session.exec(delete(LoginFailure).where(col(LoginFailure.failed_at) < since))  # type: ignore[call-overload]
    failures, last = _stats(session, pair, since)
    if last is not None and now < _aware(last) + delay(failures):
        return None
    if others:
        if _stats(session, others[0], since)[0] >= MAX_PER_ACCOUNT:
            return None
        if _stats(session, others[1], since)[0] >= MAX_PER_CLIENT:
            return None
    rows = [LoginFailure(key_hash=k, failed_at=now) for k in (pair, *others)]
    session.add_all(rows)
    session.flush()
    return Held(ids=tuple(r.id for r in rows if r.id is not None), pair=pair)


def forgive(session: Session, held: Held) -> None:
    """A correct password: this attempt was no failure, and the pair's earlier mistakes are forgiven."""
    session.exec(delete(LoginFailure).where(col(LoginFailure.id).in_(held.ids)))  # type: ignore[call-overload]
    session.exec(delete(LoginFailure).where(col(LoginFailure.key_hash) == held.pair))  # type: ignore[call-overload]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


# -- who is the client ---------------------------------------------------------------------------


def _device_sig(username: str, raw: str) -> str:
    return _key("device", f"{_account(username)}\n{raw}")[:32]


def client_of(request: Request, username: str) -> Client:
    """The client of a login attempt: its address, and its device if it logged in to this account before."""
    raw, _, sig = request.cookies.get(DEVICE_COOKIE, "").partition(".")
    known = bool(raw) and len(raw) <= 64 and same_secret(sig, _device_sig(username, raw))
    return Client(address=client_address(request), device=raw if known else None)


def remember_device(request: Request, username: str) -> None:
    """After a successful login: mark this browser as one the account logs in from."""
    raw = secrets.token_urlsafe(18)
    set_cookie_later(request, DEVICE_COOKIE, f"{raw}.{_device_sig(username, raw)}", httponly=True,
                     samesite="lax", path="/staff/login", max_age=DEVICE_DAYS * 24 * 3600,
                     secure=get_settings().base_url.startswith("https"))
