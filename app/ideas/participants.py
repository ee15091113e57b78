"""Anonymous participants: a signed cookie, an optional room code per board, and rate limits.

Nobody is blocked by IP address: a whole workshop room shares one network. Instead each browser
carries a random id signed with the secret key; only a hash of it is stored with what it posts.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import func
from sqlmodel import Session, select

from app.common.security import same_secret
from app.config import get_settings
from app.models.common import utcnow
from app.models.ideas import Board, Idea, IdeaComment, IdeaFlag, Support

COOKIE = "bylab"
ROOM_COOKIE = "bylab_room"
YEAR = 365 * 24 * 3600
WINDOW = timedelta(minutes=10)
# Per participant per board, in WINDOW: generous for a lively workshop, low for a script.
LIMITS = {"idea": 10, "comment": 20, "support": 60, "flag": 20}


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
    """Six characters that are easy to read aloud and type (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))
