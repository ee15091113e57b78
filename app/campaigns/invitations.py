"""Make single-use invitation codes and spend one when a response is stored."""

import secrets

from sqlalchemy import insert, update
from sqlmodel import Session

from app.common.errors import ApiError, field_error
from app.common.security import hash_token
from app.models import Campaign, InvitationCode

# No 0/O or 1/I/L: codes are typed from paper letters and SMS.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def normalise(code: str) -> str:
    """What a person types, made comparable: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """The stored hash of a typed code, or of a draft's reference ("#" + that hash: drafts keep no code)."""
    return code[1:] if code.startswith("#") else hash_token(normalise(code))


def new_codes(count: int) -> list[str]:
    """`count` fresh random codes (no database work: made before a write transaction opens)."""
    codes: dict[str, None] = {}  # a dict keeps the order and drops a (very unlikely) repeat
    while len(codes) < count:
        codes["".join(secrets.choice(ALPHABET) for _ in range(LENGTH))] = None
    return list(codes)


def store_codes(session: Session, campaign: Campaign, codes: list[str]) -> None:
    """Keep the codes' hashes for the campaign, in the caller's transaction."""
    rows = [{"campaign_id": campaign.id, "code_hash": hash_token(c)} for c in codes]
    session.connection().execute(insert(InvitationCode), rows)  # one batched INSERT, no ORM objects


def make_codes(session: Session, campaign: Campaign, count: int) -> list[str]:
    """Create `count` new codes; the plain codes are returned once (for the CSV) and not stored."""
    codes = new_codes(count)
    store_codes(session, campaign, codes)
    return codes


def is_valid(session: Session, campaign: Campaign, code: str) -> bool:
    """Whether the code exists for this campaign and is still unused (a check, not a spend)."""
    row = session.exec(
        InvitationCode.__table__.select().where(  # type: ignore[attr-defined]
            InvitationCode.campaign_id == campaign.id,
            InvitationCode.code_hash == code_hash(code),
            InvitationCode.used.is_(False),  # type: ignore[attr-defined]
        )
    ).first()
    return row is not None


def spend(session: Session, campaign: Campaign, code: str) -> None:
    """Mark the code used inside the caller's transaction; a used or unknown code is refused.

    The conditional UPDATE makes two simultaneous submits with one code store one response.
    """
    result = session.connection().execute(
        update(InvitationCode)
        .where(
            InvitationCode.campaign_id == campaign.id,  # type: ignore[arg-type]
            InvitationCode.code_hash == code_hash(code),  # type: ignore[arg-type]
            InvitationCode.used.is_(False),  # type: ignore[attr-defined]
        )
        .values(used=True)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ApiError(409, "invitation_used", "This invitation code is unknown or already used.",
                       [field_error("invitation", "This invitation code is unknown or already used.")])
