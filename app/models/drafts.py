"""Unfinished survey answers, kept apart from responses until the resident sends them.

A draft holds answers per theme and profile, the chosen area and a reference to an invitation code
(its hash, never the code); never an IP address, user agent or any other device data. Only the
SHA-256 of its token is stored, so the table alone cannot be used to take over a resident's draft.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.models.common import UTCDateTime, created_at_field, timestamp_field


class Draft(SQLModel, table=True):
    """One resident's answers in progress; `response_id` becomes the response's id on sending."""

    __tablename__ = "response_draft"

    token_hash: str = Field(primary_key=True, max_length=64)
    response_id: str = Field(max_length=36, unique=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    area: str | None = Field(default=None, max_length=64)
    survey_slug: str | None = Field(default=None, max_length=64)  # the version chosen; none: the campaign's
    # "#" + the code's SHA-256, as invitation_code.code_hash holds it (spend() takes either form).
    invitation_code: str | None = Field(default=None, max_length=72)
    step: str = Field(default="1", max_length=16)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    profile: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    submitted_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class DraftStart(SQLModel, table=True):
    """One new draft, counted under a keyed hash of the client's address and the hour, never the
    address, and not linked to the draft: only how many drafts one client started lately."""

    __tablename__ = "draft_start"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, index=True)
    started_at: datetime = created_at_field()


class Housekeeping(SQLModel, table=True):
    """When a periodic job last ran, so that of many workers and hosts one runs it, once a day."""

    __tablename__ = "housekeeping"

    name: str = Field(primary_key=True, max_length=32)
    last_run_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
