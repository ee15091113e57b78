"""Who may reach a campaign, and when it takes answers.

- Staff pages find a campaign by its slug within the user's own organisation.
- The public finds a campaign only by its public address, which exists only while the campaign
  is published (open or closed): a draft answers exactly like an unknown address.
- Answers are taken while the campaign is open and today lies within its dates: from the start
  of the opening day to the end of the closing day (UTC). The same rule holds for the API, the
  resident pages and field work.
"""

from datetime import UTC, datetime, time, timedelta

from fastapi import HTTPException
from sqlmodel import Session, select

from app.models import Campaign, User
from app.models.common import utcnow


def campaign_for(session: Session, user: User, slug: str) -> Campaign:
    """The campaign, or a 404 when it does not exist or belongs to another organisation."""
    campaign = own_campaign(session, user.organisation_id, slug)
    if campaign is None:
        raise HTTPException(404, "Page not found")
    return campaign


def own_campaign(session: Session, organisation_id: int, slug: str) -> Campaign | None:
    """The organisation's campaign with this slug, or None."""
    return session.exec(
        select(Campaign).where(Campaign.organisation_id == organisation_id, Campaign.slug == slug)
    ).first()


def published_campaign(session: Session, slug: str) -> Campaign | None:
    """The published campaign at this public address, or None (drafts have no public address)."""
    return session.exec(select(Campaign).where(Campaign.public_slug == slug)).first()


def opens(campaign: Campaign) -> datetime | None:
    """When answers are first taken: the start of the opening day (UTC)."""
    if campaign.opens_at is None:
        return None
    return datetime.combine(campaign.opens_at.astimezone(UTC).date(), time.min, UTC)


def ends(campaign: Campaign) -> datetime | None:
    """When answers stop: the end of the closing day (UTC), so the closing day still counts."""
    if campaign.closes_at is None:
        return None
    return datetime.combine(campaign.closes_at.astimezone(UTC).date() + timedelta(days=1), time.min, UTC)


def refusal(campaign: Campaign, now: datetime | None = None) -> str | None:
    """Why the campaign takes no answers now ('draft', 'closed', 'not_yet', 'ended'), or None."""
    if campaign.status != "open":
        return "draft" if campaign.status == "draft" else "closed"
    now = now or utcnow()
    start, end = opens(campaign), ends(campaign)
    if start is not None and now < start:
        return "not_yet"
    if end is not None and now >= end:
        return "ended"
    return None


def accepting(campaign: Campaign, now: datetime | None = None) -> bool:
    """Whether the campaign takes answers now."""
    return refusal(campaign, now) is None


def invitation_only(campaign: Campaign) -> bool:
    """Whether a resident's answers need a single-use invitation code."""
    return bool((campaign.settings or {}).get("invitation_only"))


def last_day(campaign: Campaign) -> str:
    """The closing day as YYYY-MM-DD ('' when there is none)."""
    return campaign.closes_at.astimezone(UTC).date().isoformat() if campaign.closes_at else ""


def first_day(campaign: Campaign) -> str:
    """The opening day as YYYY-MM-DD ('' when there is none)."""
    return campaign.opens_at.astimezone(UTC).date().isoformat() if campaign.opens_at else ""


def refusal_message(campaign: Campaign, reason: str) -> str:
    """The API's words for a refusal."""
    if reason == "not_yet":
        return f"The campaign takes answers from {first_day(campaign)}."
    if reason == "ended":
        return f"The campaign took answers until {last_day(campaign)}."
    return f"The campaign is {campaign.status}, not open."
