"""Unfinished survey answers, kept apart from responses until the resident sends them.

A draft holds answers per theme and profile, the chosen area and an invitation code; never an IP
address, user agent or any other device data. Only the SHA-256 of its token is stored, so the
table alone cannot be used to take over a resident's draft.
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
    invitation_code: str | None = Field(default=None, max_length=32)
    step: str = Field(default="1", max_length=16)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    profile: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    submitted_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
