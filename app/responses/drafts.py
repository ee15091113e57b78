"""Server-side drafts: a resident's answers saved screen by screen, resumed by cookie or link.

A draft is found by a random token that only the resident's phone (cookie) and resume link know;
the table stores the token's hash. Drafts are not responses: results never count them, and they
expire `draft_ttl_days` after their last change.
"""

import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session

from app.common.security import hash_token
from app.config import get_settings
from app.models import Campaign
from app.models.common import utcnow
from app.models.drafts import Draft
from app.responses.schemas import AnswerIn, ResponseIn

COOKIE = "medvirk_draft"
PROFILE_STEP = "profile"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def step_url(slug: str, step: str) -> str:
    """The address of a draft step: a theme number or the profile."""
    return f"/k/{slug}/om-deg" if step == PROFILE_STEP else f"/k/{slug}/tema/{step}"


def ttl() -> timedelta:
    """How long an untouched draft is kept."""
    return timedelta(days=get_settings().draft_ttl_days)


def start(session: Session, campaign: Campaign, area: str | None, code: str | None) -> tuple[str, Draft]:
    """A new draft with a fresh token and response id; old expired drafts are cleared on the way."""
    purge_expired(session)
    token = secrets.token_urlsafe(24)
    draft = Draft(token_hash=hash_token(token), response_id=str(uuid.uuid4()),
                  campaign_id=campaign.id, area=area, invitation_code=code,  # type: ignore[arg-type]
                  updated_at=utcnow())
    session.add(draft)
    return token, draft


def load(session: Session, campaign: Campaign, token: str | None) -> Draft | None:
    """The live draft behind a token for this campaign, or None when unknown or expired."""
    if not token or not _TOKEN.match(token):
        return None
    draft = session.get(Draft, hash_token(token))
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


def set_start(session: Session, draft: Draft, area: str | None, code: str | None) -> None:
    """Change the area (and add a code) of an existing draft; answers stay."""
    _touch(session, draft, draft.step, area=area, invitation_code=code or draft.invitation_code)


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
    cutoff = (now or utcnow()) - ttl()
    result = session.connection().execute(delete(Draft).where(Draft.updated_at < cutoff))  # type: ignore[arg-type]
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def to_response(draft: Draft, locale: str) -> ResponseIn:
    """The draft as a submission; its id is the draft's response id, so a resend is a retry."""
    answers = {}
    for theme, a in draft.answers.items():
        score, good, better = a.get("score"), a.get("good") or None, a.get("better") or None
        if score is None and good is None and better is None:
            continue  # a screen passed without an answer
        answers[theme] = AnswerIn(score=score if isinstance(score, int) else None, good=good, better=better)
    return ResponseIn(id=uuid.UUID(draft.response_id), area=draft.area or "", mode="survey",
                      locale=locale, answers=answers, profile=dict(draft.profile))
