"""Dot voting: join codes, the device cookie, rounds, one ballot per device, and running totals.

A device is a random id in a cookie signed with the secret key; only a hash of it is stored with
the ballot. Nothing is blocked by IP address (a council room shares one network); wrong codes
are counted under an HMAC of the client, so the address itself is never kept.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.config import get_settings
from app.models.common import utcnow
from app.models.workshops import Ballot, LookupFailure, VoteRound, Workshop
from app.workshops.vocab import CODE_ALPHABET, CODE_LENGTH, COMMENT_MAX, N_

COOKIE = "verksted"
YEAR = 365 * 24 * 3600
LOOKUP_WINDOW = timedelta(minutes=10)
LOOKUP_MAX = 10  # wrong codes per client per window: plenty for typos, nothing for guessing


class Closed(Exception):
    """The round takes no more votes."""


@dataclass
class Total:
    option: str
    points: int
    voters: int


def _sign(value: str) -> str:
    return hmac.new(get_settings().secret_key.encode(), value.encode(), hashlib.sha256).hexdigest()[:24]


def device_of(request: Request) -> str | None:
    """The device hash from a valid cookie, or None (missing or tampered)."""
    raw, _, sig = request.cookies.get(COOKIE, "").partition(".")
    if not raw or not hmac.compare_digest(sig, _sign("device:" + raw)):
        return None
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def ensure_device(request: Request, response: Response) -> None:
    """Give this browser a device cookie when it has no valid one."""
    if device_of(request) is None:
        raw = secrets.token_urlsafe(18)
        response.set_cookie(COOKIE, f"{raw}.{_sign('device:' + raw)}", max_age=YEAR, httponly=True,
                            samesite="lax", secure=get_settings().base_url.startswith("https"))


def normalise_code(typed: str) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _client_key(request: Request) -> str:
    client = request.client.host if request.client else "unknown"
    return hmac.new(get_settings().secret_key.encode(), f"code:{client}".encode(), hashlib.sha256).hexdigest()


def too_many_lookups(session: Session, request: Request) -> bool:
    since = utcnow() - LOOKUP_WINDOW
    stmt = select(func.count()).select_from(LookupFailure).where(
        LookupFailure.key_hash == _client_key(request), col(LookupFailure.failed_at) > since)
    return int(session.exec(stmt).one()) >= LOOKUP_MAX


def find(session: Session, request: Request, typed: str) -> Workshop | None:
    """The workshop with this code; a wrong code counts against the client. Call too_many_lookups first."""
    code = normalise_code(typed)
    found = None
    if len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET):
        found = session.exec(select(Workshop).where(Workshop.code == code)).first()
    if found is None:
        session.exec(delete(LookupFailure).where(col(LookupFailure.failed_at) < utcnow() - LOOKUP_WINDOW))  # type: ignore[call-overload]
        session.add(LookupFailure(key_hash=_client_key(request)))
        session.commit()
    return found


def rounds_of(session: Session, workshop: Workshop) -> list[VoteRound]:
    stmt = select(VoteRound).where(VoteRound.workshop_id == workshop.id).order_by(col(VoteRound.number))
    return list(session.exec(stmt))


def current_round(session: Session, workshop: Workshop) -> VoteRound | None:
    """The open round, else the latest one, else None."""
    rounds = rounds_of(session, workshop)
    open_ = [r for r in rounds if r.is_open]
    return open_[-1] if open_ else (rounds[-1] if rounds else None)


def options_of(workshop: Workshop, idea_ids: list[str]) -> list[str]:
    """Option keys: "t:<theme>" for focus themes, "i:<idea id>" for chosen ideas."""
    return [f"t:{t}" for t in workshop.themes] + [f"i:{i}" for i in idea_ids]


def open_round(session: Session, workshop: Workshop, options: list[str]) -> VoteRound:
    """Close any open round and open the next, with the workshop's points and options as they are now."""
    rounds = rounds_of(session, workshop)
    for r in rounds:
        if r.is_open:
            r.is_open, r.closed_at = False, utcnow()
            session.add(r)
    new = VoteRound(workshop_id=workshop.id, number=(rounds[-1].number + 1) if rounds else 1,  # type: ignore[arg-type]
                    points=workshop.points, options=options)
    session.add(new)
    session.commit()
    return new


def close_round(session: Session, vote_round: VoteRound) -> None:
    if vote_round.is_open:
        vote_round.is_open, vote_round.closed_at = False, utcnow()
        session.add(vote_round)
        session.commit()


def parse_points(vote_round: VoteRound, form: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Points per option from the form ("p-<option>" fields), and errors (msgids) per field."""
    points: dict[str, int] = {}
    errors: dict[str, str] = {}
    for option in vote_round.options:
        raw = form.get(f"p-{option}", "").strip()
        if raw == "":
            continue
        if not raw.isdigit() or int(raw) > vote_round.points:
            errors[option] = N_("Give a whole number from 0 to %(max)s.")
            continue
        if int(raw):
            points[option] = int(raw)
    if not errors and sum(points.values()) > vote_round.points:
        errors["total"] = N_("You gave %(n)s points; you have %(max)s. Take some away and send again.")
    if len(form.get("comment", "")) > COMMENT_MAX:
        errors["comment"] = N_("This is %(n)s characters long; at most %(max)s are allowed.")
    return points, errors


def cast(session: Session, vote_round: VoteRound, device: str, points: dict[str, int],
         comment: str) -> Ballot:
    """Store or replace this device's ballot; the same ballot again changes nothing."""
    # Lock the round's row (PostgreSQL; SQLite holds its write lock already), so a vote and the
    # facilitator closing the round never interleave: the vote lands before the close or not at all.
    stmt = select(VoteRound).where(VoteRound.id == vote_round.id).with_for_update()
    vote_round = session.exec(stmt.execution_options(populate_existing=True)).one()
    if not vote_round.is_open:
        raise Closed()
    ballot = session.get(Ballot, (vote_round.id, device))
    if ballot is None:
        ballot = Ballot(round_id=vote_round.id, device=device, points=points, comment=comment)  # type: ignore[arg-type]
        session.add(ballot)
        try:
            session.commit()
        except IntegrityError:  # the same device sent twice at once: update the stored one
            session.rollback()
            return cast(session, vote_round, device, points, comment)
        return ballot
    if ballot.points != points or ballot.comment != comment:
        ballot.points, ballot.comment, ballot.updated_at = dict(points), comment, utcnow()
        session.add(ballot)
        session.commit()
    return ballot


def ballot_of(session: Session, vote_round: VoteRound, device: str | None) -> Ballot | None:
    return session.get(Ballot, (vote_round.id, device)) if device else None


def ballots(session: Session, vote_round: VoteRound) -> list[Ballot]:
    stmt = select(Ballot).where(Ballot.round_id == vote_round.id).order_by(col(Ballot.created_at))
    return list(session.exec(stmt))


def totals(session: Session, vote_round: VoteRound) -> tuple[list[Total], int, list[str]]:
    """Points and voters per option, most points first; how many devices voted; their comments."""
    sums = {o: Total(o, 0, 0) for o in vote_round.options}
    cast_ = ballots(session, vote_round)
    for b in cast_:
        for option, n in b.points.items():
            if option in sums and n > 0:
                sums[option].points += n
                sums[option].voters += 1
    order = {o: i for i, o in enumerate(vote_round.options)}
    ranked = sorted(sums.values(), key=lambda t: (-t.points, order[t.option]))
    return ranked, len(cast_), [b.comment for b in cast_ if b.comment.strip()]
