"""Stored responses: one row per person (or group), one per theme answered, one per profile answer.

No IP address, user agent or other device data has a column here, on purpose.
"""

from datetime import datetime

from sqlalchemy import Index, Text, false
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field

MODES = ("survey", "walk", "workshop", "paper")


class Response(SQLModel, table=True):
    """One submitted questionnaire; the id is a UUID made by the client, so retries are safe."""

    __table_args__ = (Index("ix_response_campaign_area", "campaign_id", "area_id"),)

    id: str = Field(primary_key=True, max_length=36)
    campaign_id: int = Field(foreign_key="campaign.id")
    area_id: int = Field(foreign_key="area.id")
    mode: str = Field(max_length=10)
    locale: str = Field(max_length=8)
    survey_version: int
    # The survey version answered when the campaign offers several (on different scales); none:
    # the campaign's own survey (so every older response, and the tallies, read the same).
    survey_slug: str | None = Field(default=None, max_length=64)
    is_consensus: bool = False
    is_demo: bool = False
    group_label: str | None = Field(default=None, max_length=100)
    session_id: int | None = Field(default=None, foreign_key="field_session.id", index=True)
    body_hash: str = Field(max_length=64)
    submitted_at: datetime = created_at_field()


class Answer(SQLModel, table=True):
    """A score (null: don't know, or skipped on purpose) and the two comments for one theme."""

    response_id: str = Field(foreign_key="response.id", primary_key=True, max_length=36)
    theme: str = Field(primary_key=True, max_length=40)
    score: int | None = None
    good: str | None = Field(default=None, sa_type=Text)
    better: str | None = Field(default=None, sa_type=Text)
    # The resident passed the scale by ("skip this theme") but wrote a comment: in no tally.
    skipped: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class ProfileAnswer(SQLModel, table=True):
    """The chosen option of one optional profile question."""

    __tablename__ = "profile_answer"

    response_id: str = Field(foreign_key="response.id", primary_key=True, max_length=36)
    question: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=40)
