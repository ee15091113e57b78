"""Who may reach a campaign, and when it takes answers.

- Staff pages find a campaign by its slug within the user's own organisation.
- The public finds a campaign only by its public address, which exists only while the campaign
  is published (open or closed): a draft answers exactly like an unknown address.
- Answers are taken while the campaign is open and today lies within its dates: from the start
  of the opening day to the end of the closing day (UTC). The same rule holds for the API, the
  resident pages and field work.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from fastapi import HTTPException
from sqlalchemy import and_, bindparam, func, or_
from sqlalchemy import select as core_select
from sqlalchemy.orm import configure_mappers
from sqlmodel import Session, select

from app.models import Area, Campaign, Organisation, User
from app.models.common import utcnow
from app.models.drafts import Draft


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


@dataclass(frozen=True)
class Published:
    """A published campaign as a resident page shows it: the campaign, its organisation's name, its
    areas in the order they were added and the draft asked for, if it belongs to this campaign
    (not checked for expiry), read together (read-only copies, not ORM instances)."""

    campaign: Campaign
    organisation: str
    areas: list[Area]
    draft: Draft | None = None


_CAMPAIGNS: Any = Campaign.__table__  # type: ignore[attr-defined]
_AREAS: Any = Area.__table__  # type: ignore[attr-defined]
_ORGANISATIONS: Any = Organisation.__table__  # type: ignore[attr-defined]
_DRAFTS: Any = Draft.__table__  # type: ignore[attr-defined]
_OTHER_AREAS: Any = _AREAS.alias("first_area")
_FIRST_AREA = (core_select(func.min(_OTHER_AREAS.c.id))
               .where(_OTHER_AREAS.c.campaign_id == _CAMPAIGNS.c.id).scalar_subquery())
_PUBLISHED = (
    core_select(*_CAMPAIGNS.columns, _ORGANISATIONS.c.name.label("organisation_name"),
                _AREAS.c.id.label("area_id"), _AREAS.c.slug.label("area_slug"),
                _AREAS.c.name.label("area_name"), *(c.label(f"draft_{c.name}") for c in _DRAFTS.columns))
    .select_from(_CAMPAIGNS.join(_ORGANISATIONS, _ORGANISATIONS.c.id == _CAMPAIGNS.c.organisation_id)
                 .outerjoin(_AREAS, _AREAS.c.campaign_id == _CAMPAIGNS.c.id)
                 # the draft on the first row only: its answers are not repeated (and decoded) per area
                 .outerjoin(_DRAFTS, and_(_DRAFTS.c.token_hash == bindparam("draft_key"),
                                          _DRAFTS.c.campaign_id == _CAMPAIGNS.c.id,
                                          or_(_AREAS.c.id.is_(None), _AREAS.c.id == _FIRST_AREA))))
    .where(_CAMPAIGNS.c.public_slug == bindparam("slug"))
    .order_by(_AREAS.c.id)
)


def published(session: Session, slug: str, draft_key: str | None = None) -> Published | None:
    """The published campaign at this public address with its organisation's name and areas, and
    the draft whose token hashes to `draft_key`, in one Core statement on every call (so a change by
    staff shows at once, in every worker), or None. The ORM's work per instance, not the round
    trip, was the cost; a resident page's second statement (the draft) is folded in here."""
    rows = session.connection().execute(_PUBLISHED, {"slug": slug, "draft_key": draft_key}).all()
    if not rows:
        return None
    first = rows[0]._mapping
    configure_mappers()  # model_construct skips the ORM's set-up: configured once, then a flag check
    campaign = Campaign.model_construct(**{c.name: first[c.name] for c in _CAMPAIGNS.columns})
    areas = [Area.model_construct(id=r.area_id, campaign_id=campaign.id, slug=r.area_slug, name=r.area_name)
             for r in rows if r.area_id is not None]
    draft = None
    if first["draft_token_hash"] is not None:
        draft = Draft.model_construct(**{c.name: first[f"draft_{c.name}"] for c in _DRAFTS.columns})
    return Published(campaign, first["organisation_name"], areas, draft)


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
