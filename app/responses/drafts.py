"""Server-side drafts: a resident's answers saved screen by screen, resumed by cookie or link.

A draft is found by a random token that only the resident's phone (cookie) and resume link know;
the table stores the token's hash, and an invitation code only as the hash the code table holds.
Drafts are not responses: results never count them, and they expire `draft_ttl_days` after their
last change; `purge_if_due` deletes expired ones once a day, whichever worker gets there first.

A client is what started the draft: a browser that keeps its cookie has one draft per survey and
goes on with it, so only starts without a live draft are new. Those are capped per client
address and hour (DRAFTS_PER_HOUR), counted under a keyed hash of address and hour that is kept
apart from the drafts and deleted after the hour: no address is stored, nor tied to answers.
"""

import hashlib
import hmac
import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.campaigns.invitations import normalise
from app.common.errors import ApiError
from app.common.security import hash_token
from app.common.text import clean_text
from app.config import get_settings
from app.db import savepoint, unit_of_work
from app.i18n import N_
from app.models import Campaign
from app.models.common import utcnow
from app.models.drafts import Draft, DraftStart, Housekeeping
from app.responses.schemas import AnswerIn, ResponseIn

COOKIE = "medvirk_draft"
PROFILE_STEP = "profile"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
# New drafts per client address and hour; None reads MEDVIRK_DRAFTS_PER_HOUR (60: a full room
# twice over; a school network is one address, so the setting can raise it).
DRAFTS_PER_HOUR: int | None = None
PURGE_EVERY = timedelta(days=1)


TOO_MANY = N_("Many surveys have been started from this network in the last hour. Please try again later.")


def step_url(slug: str, step: str) -> str:
    """The address of a draft step: a theme number or the profile."""
    return f"/k/{slug}/om-deg" if step == PROFILE_STEP else f"/k/{slug}/tema/{step}"


def ttl() -> timedelta:
    """How long an untouched draft is kept."""
    return timedelta(days=get_settings().draft_ttl_days)


def code_ref(code: str | None) -> str | None:
    """What a draft keeps of an invitation code: "#" and the hash the code table holds, never the code."""
    if not code:
        return None
    return code if code.startswith("#") else "#" + hash_token(normalise(code))


def _client_key(client: str, now: datetime) -> str:
    hour = now.strftime("%Y%m%d%H")
    return hmac.new(get_settings().secret_key.encode(), f"draft:{hour}:{client}".encode(),
                    hashlib.sha256).hexdigest()


def count_start(session: Session, client: str) -> None:
    """Count a new draft against its client; refused (429) past DRAFTS_PER_HOUR this hour."""
    now = utcnow()
    key = _client_key(client, now)
    session.exec(delete(DraftStart).where(col(DraftStart.started_at) < now - timedelta(hours=1)))  # type: ignore[call-overload]
    hour_start = now.replace(minute=0, second=0, microsecond=0)
    started = session.exec(select(func.count()).select_from(DraftStart).where(
        DraftStart.key_hash == key, col(DraftStart.started_at) >= hour_start)).one()
    if int(started) >= (DRAFTS_PER_HOUR or get_settings().drafts_per_hour):
        raise ApiError(429, "too_many_drafts", TOO_MANY)
    session.add(DraftStart(key_hash=key, started_at=now))


def start(session: Session, campaign: Campaign, area: str | None, code: str | None,
          client: str | None = None, survey: str | None = None) -> tuple[str, Draft]:
    """A new draft with a fresh token and response id, counted against its client when one is given;
    `survey`: the version chosen, when the campaign offers several."""
    if client is not None:
        count_start(session, client)
    token = secrets.token_urlsafe(24)
    draft = Draft(token_hash=hash_token(token), response_id=str(uuid.uuid4()),
                  campaign_id=campaign.id, area=area, invitation_code=code_ref(code),  # type: ignore[arg-type]
                  survey_slug=survey, updated_at=utcnow())
    session.add(draft)
    return token, draft


def key(token: str | None) -> str | None:
    """What the table knows a draft's token by (its hash), or None for no or a malformed token."""
    return hash_token(token) if token and _TOKEN.match(token) else None


def load(session: Session, campaign: Campaign, token: str | None) -> Draft | None:
    """The live draft behind a token for this campaign, or None when unknown or expired."""
    found = key(token)
    return live(session.get(Draft, found) if found else None, campaign)


def live(draft: Draft | None, campaign: Campaign) -> Draft | None:
    """The draft if it belongs to this campaign and has not expired, else None."""
    if draft is None or draft.campaign_id != campaign.id or is_expired(draft):
        return None
    return draft


def is_expired(draft: Draft, now: datetime | None = None) -> bool:
    """Whether the draft has been left untouched for longer than the time to live."""
    return draft.updated_at < (now or utcnow()) - ttl()


def _touch(session: Session, draft: Draft, step: str, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.step = step
    draft.updated_at = utcnow()
    session.add(draft)


def set_start(session: Session, draft: Draft, area: str | None, code: str | None,
              survey: str | None = None) -> None:
    """Change the area (and add a code) of an existing draft; answers stay. Another version of the
    survey starts its answers afresh (its themes and scale differ)."""
    code = code_ref(code) or draft.invitation_code
    if survey != draft.survey_slug:
        _touch(session, draft, "1", area=area, invitation_code=code, survey_slug=survey,
               answers={}, profile={})
    else:
        _touch(session, draft, draft.step, area=area, invitation_code=code)


def save_answer(session: Session, draft: Draft, theme: str, answer: dict[str, Any], step: str) -> None:
    """Keep one theme's answer and where the resident is going next."""
    # A new dict, so the JSON column sees the change.
    _touch(session, draft, step, answers={**draft.answers, theme: answer})


def save_profile(session: Session, draft: Draft, profile: dict[str, str], step: str) -> None:
    """Keep the profile answers (empty ones dropped)."""
    _touch(session, draft, step, profile={k: v for k, v in profile.items() if v})


def mark_submitted(session: Session, draft: Draft) -> None:
    """The answers now live in the response; the draft keeps only that it was sent."""
    draft.submitted_at = utcnow()
    _touch(session, draft, draft.step, answers={}, profile={}, invitation_code=None)


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete drafts untouched for longer than the time to live; returns how many."""
    now = now or utcnow()
    result = session.connection().execute(delete(Draft).where(Draft.updated_at < now - ttl()))  # type: ignore[arg-type]
    # The start counts are needed for an hour only.
    hour_ago = now - timedelta(hours=1)
    session.connection().execute(delete(DraftStart).where(col(DraftStart.started_at) < hour_ago))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def purge_if_due(now: datetime | None = None) -> int | None:
    """Purge expired drafts if no worker has done so in the last day; how many, or None when not due.

    The claim is one conditional UPDATE (or the first INSERT), so of many workers and hosts
    exactly one runs the purge, in the same transaction that records it.
    """
    now = now or utcnow()
    with unit_of_work() as session:
        claimed = session.connection().execute(
            update(Housekeeping).where(Housekeeping.name == "drafts",  # type: ignore[arg-type]
                                       col(Housekeeping.last_run_at) <= now - PURGE_EVERY)
            .values(last_run_at=now)).rowcount  # type: ignore[attr-defined]
        if not claimed:
            try:
                with savepoint(session):
                    session.add(Housekeeping(name="drafts", last_run_at=now))
                    session.flush()
            except IntegrityError:
                return None  # ran within the day (or another worker claimed it just now)
        return purge_expired(session, now)


def to_response(draft: Draft, locale: str) -> ResponseIn:
    """The draft as a submission; its id is the draft's response id, so a resend is a retry."""
    answers = {}
    for theme, a in draft.answers.items():
        # Drafts saved before control characters were refused may hold one: sendable all the same.
        score, good, better = a.get("score"), _clean(a.get("good")), _clean(a.get("better"))
        if score is None and good is None and better is None:
            continue  # a screen passed without an answer, or skipped on purpose: nothing to send
        # "Skip this theme" with a comment is sent as skipped: the comment counts, no tally does.
        skipped = bool(a.get("skipped"))
        answers[theme] = AnswerIn(score=score if isinstance(score, int) and not skipped else None, good=good,
                                  better=better, skipped=skipped)
    return ResponseIn(id=uuid.UUID(draft.response_id), area=draft.area or "", mode="survey",
                      locale=locale, survey=draft.survey_slug, answers=answers,
                      profile={clean_text(str(k)): clean_text(str(v)) for k, v in draft.profile.items()})


def _clean(text: object) -> str | None:
    return clean_text(text) or None if isinstance(text, str) else None
