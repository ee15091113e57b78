"""Campaigns (one run of a survey) and the areas they assess."""

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field

CAMPAIGN_STATUSES = ("draft", "open", "closed")


class Campaign(SQLModel, table=True):
    """One run of a survey for one or more areas.

    `slug` is unique within the organisation (staff addresses); `public_slug` is the public
    address (/k/, /r/, the API), set while the campaign is published (open or closed) and unique
    among published campaigns only, so a draft never occupies or reveals a name.
    """

    __table_args__ = (UniqueConstraint("organisation_id", "slug", name="uq_campaign_organisation_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64)
    public_slug: str | None = Field(default=None, max_length=64, unique=True)
    title: str = Field(max_length=200)
    survey_slug: str = Field(max_length=64)
    survey_version: int
    status: str = Field(default="draft", max_length=8)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    is_demo: bool = False
    results_public: bool = False
    min_group_size: int = 5
    locales: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    opens_at: datetime | None = timestamp_field()
    closes_at: datetime | None = timestamp_field()
    previous_campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_at_field()
    archived_at: datetime | None = timestamp_field()  # out of the working lists, kept whole
    # A new random value at every change (random, so a campaign made again under the same slug and
    # id never matches an old one): a copy cached by a worker is checked in the statement using it.
    revision: int = Field(default_factory=lambda: new_revision(), sa_type=BigInteger,
                          sa_column_kwargs={"server_default": "1"})


def new_revision() -> int:
    """A fresh revision stamp."""
    return secrets.randbits(62)


@event.listens_for(Campaign, "before_update")
def _next_revision(_mapper: Any, _conn: Any, campaign: Campaign) -> None:
    campaign.revision = new_revision()


class Area(SQLModel, table=True):
    """A neighbourhood or village assessed in a campaign."""

    __table_args__ = (UniqueConstraint("campaign_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    slug: str = Field(max_length=64)
    name: str = Field(max_length=200)


def _sync_public_slug(_mapper: Any, _connection: Any, campaign: Campaign) -> None:
    # The public address follows the status on every ORM write, so no code path can publish a
    # draft's name or leave a published campaign without its address.
    campaign.public_slug = None if campaign.status == "draft" else campaign.slug


event.listen(Campaign, "before_insert", _sync_public_slug)
event.listen(Campaign, "before_update", _sync_public_slug)
