"""Campaigns (one run of a survey) and the areas they assess."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field

CAMPAIGN_STATUSES = ("draft", "open", "closed")


class Campaign(SQLModel, table=True):
    """One run of a survey for one or more areas."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
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
    # Raised by every change, so a copy cached by a worker can be checked in the statement that uses it.
    revision: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


@event.listens_for(Campaign, "before_update")
def _next_revision(_mapper: Any, _conn: Any, campaign: Campaign) -> None:
    campaign.revision = (campaign.revision or 0) + 1


class Area(SQLModel, table=True):
    """A neighbourhood or village assessed in a campaign."""

    __table_args__ = (UniqueConstraint("campaign_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    slug: str = Field(max_length=64)
    name: str = Field(max_length=200)
