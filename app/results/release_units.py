"""Class sessions in the public releases: each class is a unit of its own (disclosure rule 2).

A teacher shows the class its own compass. Were a class's answers released with the ordinary
batches, one release minus an earlier one minus the class compass would leave the few other people
whose answers came in the same batch. So the cutter splits each area's live counts into parts:

- the answers of a class that is still running are held out of every release;
- an ended class whose compass shows is a part of its own, exactly the figures its compass shows
  (its responses, and each theme at least k of it answered with 0 or at least k scores);
- everything else is the area's ordinary part: other residents, a class that ran out without being
  ended, answers sent after the end, and the themes a class compass leaves out.

Every part follows the release rules on its own (`disclosure._next`: batches of at least k, kept
back after a deletion), and an area's published figure is the sum of its parts shown. So any
difference of two releases is whole classes and ordinary batches of at least k, and no combination
with a class compass gives back fewer than k. A class that lost an answer after it ended shows no
compass: all its answers are held, and its part, if released, is kept back for good.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.models import Answer, Campaign, Response
from app.models.classes import ClassPupil, ClassSession
from app.models.results import DONT_KNOW, RESPONSES

Counts = dict[str, list[int]]  # as in app.results.disclosure: theme -> [don't know, score 1, ...]

OPEN_FOR = timedelta(hours=12)  # a class session takes pupils, and may be ended, this long
GRACE = timedelta(hours=1)  # held a while longer, so no cut races an End sent at the last minute
UNIT = "#"  # a class's part of an area: '<area key>#<class session id>'
PART = "part:"  # a release stores the cutter's parts under this prefix, beside the published sums


def cell_key(survey: str, key: str) -> str:
    """A release's key of an area (or of consensus) in one survey version: the area's id (or
    'consensus') for the campaign's own survey (survey ""), '<version>/<id>' for another."""
    return f"{survey}/{key}" if survey else key


def lapsed(cs: ClassSession, now: datetime, grace: timedelta = timedelta(0)) -> bool:
    """Whether a session that was never ended ran out: it can no longer be ended."""
    return cs.ended_at is None and now - cs.created_at > OPEN_FOR + grace


def _members():  # type: ignore[no-untyped-def]
    """The joins and conditions that make a response a class's: a pupil's draft, sent about the
    class's area in its survey version, and when the session ended, counted by its End."""
    return (select(ClassSession.id).join(ClassPupil, col(ClassPupil.class_session_id) == col(ClassSession.id))
            .join(Response, col(Response.id) == col(ClassPupil.response_id))
            .where(col(Response.area_id) == col(ClassSession.area_id), ~col(Response.is_consensus),
                   func.coalesce(Response.survey_slug, "") == func.coalesce(ClassSession.survey_slug, ""),
                   or_(col(ClassSession.ended_at).is_(None), col(ClassPupil.counted))))


def sent(class_id: int):  # type: ignore[no-untyped-def]
    """The ids of a class's responses (see `_members`)."""
    return _members().with_only_columns(col(Response.id)).where(col(ClassSession.id) == class_id)


def class_counts(session: Session, campaign_id: int, only: int | None = None) -> dict[int, Counts]:
    """Every class's answers (or one class's) as counts: theme -> [don't know, score 1, ...], and
    its responses under RESPONSES, as the tallies count them."""
    base = _members().where(col(ClassSession.campaign_id) == campaign_id)
    if only is not None:
        base = base.where(col(ClassSession.id) == only)
    score = func.coalesce(Answer.score, DONT_KNOW)
    answers = (base.join(Answer, col(Answer.response_id) == col(Response.id)).where(~col(Answer.skipped))
               .with_only_columns(col(ClassSession.id), col(Answer.theme), score, func.count())
               .group_by(col(ClassSession.id), col(Answer.theme), score))
    out: dict[int, Counts] = {}
    for class_id, theme, value, n in session.connection().execute(answers):
        _add(out.setdefault(class_id, {}), theme, int(value), int(n))
    responses = base.with_only_columns(col(ClassSession.id), func.count()).group_by(col(ClassSession.id))
    for class_id, n in session.connection().execute(responses):
        _add(out.setdefault(class_id, {}), RESPONSES, DONT_KNOW, int(n))
    return out


def _add(cell: Counts, theme: str, score: int, n: int) -> None:
    c = cell.setdefault(theme, [])
    c.extend([0] * (score + 1 - len(c)))
    c[score] += n


def _pad(c: list[int], width: int) -> list[int]:
    return list(c) + [0] * (width - len(c))


def visible(counts: Counts, k: int) -> Counts:
    """What a class compass shows: its responses, and each theme with at least k answers and 0 or
    at least k scores (don't know is an answer, not a score); the rule `disclosure.protect` hides by."""
    def shown(c: list[int]) -> bool:
        answers, scores = sum(c), sum(c[1:])
        return answers >= k and (scores == 0 or scores >= k)
    return {t: list(c) for t, c in counts.items() if t == RESPONSES or shown(c)}


@dataclass
class Classes:
    """A campaign's classes as the cutter sees them: counts held out, and the classes' own parts."""

    held: list[tuple[str, Counts]] = field(default_factory=list)  # (area key, counts)
    units: dict[str, Counts] = field(default_factory=dict)  # '<area key>#<id>' -> its part


def load(session: Session, campaign: Campaign, widths: dict[str, int], k: int, now: datetime) -> Classes:
    """Sort the campaign's class sessions into held (running, or lost an answer after the end),
    units (ended, compass shown) and ordinary (ran out without an end: left out here)."""
    found = Classes()
    sessions = session.exec(select(ClassSession).where(ClassSession.campaign_id == campaign.id)).all()
    counts = class_counts(session, campaign.id) if sessions else {}  # type: ignore[arg-type]
    for cs in sessions:
        survey = "" if cs.survey_slug in (None, campaign.survey_slug) else cs.survey_slug
        mine = counts.get(cs.id)  # type: ignore[arg-type]
        if mine is None or survey not in widths or lapsed(cs, now, GRACE):
            continue  # nothing sent, a version no longer offered, or ordinary answers now
        mine = {t: _pad(c, widths[survey]) for t, c in mine.items()}
        key = cell_key(survey, str(cs.area_id))
        if cs.ended_at is None or mine[RESPONSES][DONT_KNOW] != cs.shown_count:
            found.held.append((key, mine))
        else:
            found.units[f"{key}{UNIT}{cs.id}"] = visible(mine, k)
    return found


def parts(live: dict[str, Counts], classes: Classes) -> dict[str, Counts] | None:
    """Each area's live counts as its ordinary part (under the area's key) and its classes' parts;
    None when they do not add up (a class changed between the reads: cut next time)."""
    out = {key: {t: list(c) for t, c in cell.items()} for key, cell in live.items()}
    taken = classes.held + [(sub.partition(UNIT)[0], c) for sub, c in classes.units.items()]
    for key, cell in taken:
        if key not in out:
            return None
        for theme, c in cell.items():
            have = _pad(out[key].get(theme, []), len(c))
            left = [a - b for a, b in zip(have, c, strict=True)]
            if min(left) < 0:
                return None
            out[key][theme] = left
    ordinary = {key: {t: c for t, c in cell.items() if any(c)} for key, cell in out.items()}
    return {key: cell for key, cell in ordinary.items() if cell} | classes.units


def area_of(sub: str) -> str:
    """The area key a part belongs to."""
    return sub.partition(UNIT)[0]


def state(counts: Mapping[str, Any]) -> dict[str, Counts]:
    """The parts a stored release holds; a release cut before classes were kept apart holds only
    ordinary parts, its published cells."""
    if not keeps_apart(counts):
        return dict(counts)
    return {key.removeprefix(PART): c for key, c in counts.items() if key.startswith(PART)}


def keeps_apart(counts: Mapping[str, Any]) -> bool:
    """Whether a stored release was cut with classes kept apart (it stores its parts)."""
    return any(key.startswith(PART) for key in counts)


def store(parts_state: dict[str, Counts]) -> dict[str, Counts]:
    """A release's stored counts: each area's published figure, the sum of its parts shown (keys
    with ':' are kept back or only seen), and the parts themselves for the next cut."""
    published: dict[str, Counts] = {}
    for sub, cell in sorted(parts_state.items()):
        if ":" in sub:
            continue
        total = published.setdefault(area_of(sub), {})
        for theme, c in cell.items():
            have = total.get(theme, [])
            width = max(len(have), len(c))
            total[theme] = [a + b for a, b in zip(_pad(have, width), _pad(c, width), strict=True)]
    return published | {PART + key: c for key, c in parts_state.items()}
