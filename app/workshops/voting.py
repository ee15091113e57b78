"""Dot voting: join codes, rounds, one ballot per device, and running totals.

A device is the hash of a random id kept in a signed cookie (the cookie itself is handled by the
phone pages); only that hash is stored with the ballot. Nothing is blocked by IP address (a council
room shares one network): a code is only looked up for a device, and wrong codes are counted per
device, under an HMAC of it. A script that mints a new device for each ten guesses pays a round
trip per device and still needs about 2^50 / 2 guesses for one code.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.common.text import is_digits
from app.config import get_settings
from app.db import savepoint
from app.models.common import utcnow
from app.models.workshops import Ballot, LookupFailure, VoteRound, Workshop
from app.workshops.vocab import CODE_ALPHABET, CODE_LENGTH, COMMENT_MAX, N_

LOOKUP_WINDOW = timedelta(minutes=10)
LOOKUP_MAX = 10  # wrong codes per client per window: plenty for typos, nothing for guessing


class Closed(Exception):
    """The round takes no more votes."""


@dataclass
class Total:
    option: str
    points: int
    voters: int


def normalise_code(typed: str) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def device_key(device: str) -> str:
    """The key wrong codes are counted under: an HMAC of the device (a room shares one address, so
    addresses are never used; each phone has its own count)."""
    return hmac.new(get_settings().secret_key.encode(), f"code-device:{device}".encode(),
                    hashlib.sha256).hexdigest()


def too_many_lookups(session: Session, key: str) -> bool:
    since = utcnow() - LOOKUP_WINDOW
    stmt = select(func.count()).select_from(LookupFailure).where(
        LookupFailure.key_hash == key, col(LookupFailure.failed_at) > since)
    return int(session.exec(stmt).one()) >= LOOKUP_MAX


def find(session: Session, typed: str) -> Workshop | None:
    """The workshop with this code (only reads). Check too_many_lookups first, record_failure after."""
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    return session.exec(select(Workshop).where(Workshop.code == code)).first()


def record_failure(session: Session, key: str) -> None:
    """Count a wrong code against the client, forgetting failures older than the window."""
    session.exec(delete(LookupFailure).where(col(LookupFailure.failed_at) < utcnow() - LOOKUP_WINDOW))  # type: ignore[call-overload]
    session.add(LookupFailure(key_hash=key))


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


def _lock_round(session: Session, round_id: int | None) -> VoteRound:
    """The round's row, read afresh and locked until the transaction ends (FOR UPDATE on PostgreSQL;
    SQLite's write transaction holds the whole database already)."""
    stmt = select(VoteRound).where(VoteRound.id == round_id).with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).one()


def open_round(session: Session, workshop: Workshop, options: list[str]) -> VoteRound:
    """Close any open round and open the next, with the workshop's points and options as they are now."""
    # Lock the workshop's row, so two clicks on "open" number their rounds one after the other.
    session.exec(select(Workshop).where(Workshop.id == workshop.id).with_for_update()).one()
    rounds = rounds_of(session, workshop)
    for r in rounds:
        if r.is_open:
            close_round(session, r)
    new = VoteRound(workshop_id=workshop.id, number=(rounds[-1].number + 1) if rounds else 1,  # type: ignore[arg-type]
                    points=workshop.points, options=options)
    session.add(new)
    session.flush()
    return new


def close_round(session: Session, vote_round: VoteRound) -> None:
    """Close a round; a vote being stored at this moment lands before the close (see cast)."""
    vote_round = _lock_round(session, vote_round.id)
    if vote_round.is_open:
        vote_round.is_open, vote_round.closed_at = False, utcnow()
        session.add(vote_round)
        session.flush()


def parse_points(vote_round: VoteRound, form: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Points per option from the form ("p-<option>" fields), and errors (msgids) per field."""
    points: dict[str, int] = {}
    errors: dict[str, str] = {}
    for option in vote_round.options:
        raw = form.get(f"p-{option}", "").strip()
        if raw == "":
            continue
        if not is_digits(raw) or int(raw) > vote_round.points:
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
    # Lock the round's row, so a vote and the facilitator closing the round never interleave:
    # the vote lands before the close or not at all.
    vote_round = _lock_round(session, vote_round.id)
    if not vote_round.is_open:
        raise Closed()
    ballot = session.get(Ballot, (vote_round.id, device))
    if ballot is None:
        ballot = Ballot(round_id=vote_round.id, device=device, points=points, comment=comment)  # type: ignore[arg-type]
        try:
            with savepoint(session):
                session.add(ballot)
                session.flush()
        except IntegrityError:  # the same device sent twice at once: update the stored one
            return cast(session, vote_round, device, points, comment)
        return ballot
    if ballot.points != points or ballot.comment != comment:
        ballot.points, ballot.comment, ballot.updated_at = dict(points), comment, utcnow()
        session.add(ballot)
        session.flush()
    return ballot


def ballot_of(session: Session, vote_round: VoteRound, device: str | None) -> Ballot | None:
    return session.get(Ballot, (vote_round.id, device)) if device else None


def ballots(session: Session, rounds: list[VoteRound]) -> dict[int, list[Ballot]]:
    """The ballots of several rounds in one query, oldest first, per round id."""
    out: dict[int, list[Ballot]] = {r.id: [] for r in rounds if r.id is not None}
    if out:
        stmt = select(Ballot).where(col(Ballot.round_id).in_(list(out))).order_by(
            col(Ballot.created_at), col(Ballot.device))
        for b in session.exec(stmt):
            out[b.round_id].append(b)
    return out


def tally(vote_round: VoteRound, cast_: list[Ballot]) -> tuple[list[Total], int, list[str]]:
    """Points and voters per option, most points first; how many devices voted; their comments."""
    sums = {o: Total(o, 0, 0) for o in vote_round.options}
    for b in cast_:
        for option, n in b.points.items():
            if option in sums and n > 0:
                sums[option].points += n
                sums[option].voters += 1
    order = {o: i for i, o in enumerate(vote_round.options)}
    ranked = sorted(sums.values(), key=lambda t: (-t.points, order[t.option]))
    return ranked, len(cast_), [b.comment for b in cast_ if b.comment.strip()]


def totals(session: Session, rounds: list[VoteRound]) -> dict[int, tuple[list[Total], int, list[str]]]:
    """The tally of every round given, per round id, from one query whatever the number of rounds."""
    by_round = ballots(session, rounds)
    return {r.id: tally(r, by_round[r.id]) for r in rounds if r.id is not None}
