"""Anonymous participants: a signed cookie, an optional room code per board, and rate limits.

Nobody is blocked by IP address: a whole workshop room shares one network. Instead each browser
carries a random id signed with the secret key; only a hash of it is stored with what it posts.
Wrong room codes are counted per device and board (under an HMAC, in the table that counts wrong
workshop codes): ROOM_TRIES in WINDOW, then that device waits. A device without a cookie is never
told anything about a code, so a script pays a round trip for every ROOM_TRIES guesses, and new
codes have 8 characters (32^8, about 10^12), so guessing one takes some 10^11 round trips.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.common.security import same_secret
from app.config import get_settings
from app.models.common import utcnow
from app.models.ideas import Board, Idea, IdeaComment, IdeaFlag, Support
from app.models.workshops import LookupFailure

COOKIE = "bylab"
ROOM_COOKIE = "bylab_room"
YEAR = 365 * 24 * 3600
WINDOW = timedelta(minutes=10)
# Per participant per board, in WINDOW: generous for a lively workshop, low for a script.
LIMITS = {"idea": 10, "comment": 20, "support": 60, "flag": 20}
ROOM_TRIES = 10  # wrong room codes per device and board in WINDOW: plenty for typos
CODE_LENGTH = 8


def _sign(value: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


def _cookie_value(raw: str) -> str:
    return f"{raw}.{_sign('participant:' + raw)}"


def read(request: Request) -> str | None:
    """The participant hash from a valid cookie, or None (missing or tampered)."""
    value = request.cookies.get(COOKIE, "")
    raw, _, sig = value.partition(".")
    if not raw or not same_secret(sig, _sign("participant:" + raw)):
        return None
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def ensure(request: Request, response: Response) -> None:
    """Give this browser a participant cookie when it has no valid one."""
    if read(request) is None:
        response.set_cookie(
            COOKIE,
            _cookie_value(secrets.token_urlsafe(18)),
            max_age=YEAR,
            httponly=True,
            samesite="lax",
            secure=_secure(),
        )


def _room_sig(board: Board, participant: str) -> str:
    return _sign(f"room:{board.id}:{board.room_code}:{participant}")


def in_room(request: Request, board: Board, participant: str | None) -> bool:
    """Whether this participant may post on the board (always, when it has no room code)."""
    if not board.room_code:
        return True
    if participant is None:
        return False
    sent = request.cookies.get(f"{ROOM_COOKIE}{board.id}", "")
    return same_secret(sent, _room_sig(board, participant))


def code_matches(board: Board, code: str) -> bool:
    """Room codes are typed on phones: ignore case and spaces."""
    typed = "".join(code.split()).upper()
    return bool(board.room_code) and same_secret(typed, (board.room_code or "").upper())


def enter_room(response: Response, board: Board, participant: str) -> None:
    """Remember that this participant typed the room code (until the code changes)."""
    response.set_cookie(
        f"{ROOM_COOKIE}{board.id}",
        _room_sig(board, participant),
        max_age=2 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(),
    )


def _secure() -> bool:
    return get_settings().base_url.startswith("https")


def over_limit(session: Session, board: Board, participant: str, kind: str) -> bool:
    """Whether the participant has done `kind` too often on this board lately."""
    since = utcnow() - WINDOW
    stmt = {
        "idea": select(func.count())
        .select_from(Idea)
        .where(Idea.board_id == board.id, Idea.participant == participant, Idea.created_at >= since),
        "comment": select(func.count())
        .select_from(IdeaComment)
        .join(Idea)
        .where(
            Idea.board_id == board.id, IdeaComment.participant == participant, IdeaComment.created_at >= since
        ),
        "support": select(func.count())
        .select_from(Support)
        .join(Idea)
        .where(Idea.board_id == board.id, Support.participant == participant, Support.created_at >= since),
        "flag": select(func.count())
        .select_from(IdeaFlag)
        .join(Idea)
        .where(Idea.board_id == board.id, IdeaFlag.participant == participant, IdeaFlag.created_at >= since),
    }[kind]
    return int(session.exec(stmt).one()) >= LIMITS[kind]


def new_room_code() -> str:
    """Eight characters that are easy to read aloud and type (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(CODE_LENGTH))


def _room_key(board: Board, participant: str) -> str:
    """The key a device's wrong codes on a board are counted under (never the address)."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"room-try:{board.id}:{participant}".encode(), hashlib.sha256).hexdigest()


def too_many_room_tries(session: Session, board: Board, participant: str) -> bool:
    """Whether this device typed ROOM_TRIES wrong codes for the board within WINDOW."""
    stmt = select(func.count()).select_from(LookupFailure).where(
        LookupFailure.key_hash == _room_key(board, participant),
        col(LookupFailure.failed_at) > utcnow() - WINDOW)
    return int(session.exec(stmt).one()) >= ROOM_TRIES


def room_try_failed(session: Session, board: Board, participant: str) -> None:
    """Count a wrong code against the device, forgetting this device's failures past the window."""
    key = _room_key(board, participant)
    session.exec(delete(LookupFailure).where(  # type: ignore[call-overload]
        col(LookupFailure.key_hash) == key, col(LookupFailure.failed_at) < utcnow() - WINDOW))
    session.add(LookupFailure(key_hash=key))
