"""Bærekrafthjelperen: worksheets filled in for a plan or case, their answers, the content version they
were filled in with, and each organisation's funding schemes (virkemiddeloversikt)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field


class WorksheetContent(SQLModel, table=True):
    """A copy of each worksheet content version used, so an old worksheet still reads as it was filled in."""

    __tablename__ = "worksheet_content"

    slug: str = Field(primary_key=True, max_length=40)
    version: int = Field(primary_key=True)
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_at_field()


class Worksheet(SQLModel, table=True):
    """One assessment of a plan or case at a plan level."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    content_slug: str = Field(max_length=40)
    content_version: int
    plan_level: str = Field(max_length=40)
    name: str = Field(max_length=200)
    case_number: str = Field(default="", max_length=40)
    # The Stedskompasset campaign whose published scores stand beside the themes.
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    # The register may delete an entry (one copied from an idea, with its campaign): the link then goes.
    outcome_id: int | None = Field(default=None, foreign_key="outcome.id", index=True, ondelete="SET NULL")
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()


class WorksheetAnswer(SQLModel, table=True):
    """The choice and reason for one theme's question."""

    __tablename__ = "worksheet_answer"
    __table_args__ = (UniqueConstraint("worksheet_id", "theme"),)

    id: int | None = Field(default=None, primary_key=True)
    worksheet_id: int = Field(foreign_key="worksheet.id", index=True)
    theme: str = Field(max_length=40)
    choice: str = Field(max_length=16)
    reason: str = Field(default="", sa_type=Text)


class FundingScheme(SQLModel, table=True):
    """A funding scheme or tool in an organisation's virkemiddeloversikt."""

    __tablename__ = "funding_scheme"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    provider: str = Field(default="", max_length=200)
    description: str = Field(default="", sa_type=Text)
    dimension: str = Field(max_length=40)
    theme: str = Field(default="", max_length=40)  # empty: the whole dimension
    url: str = Field(max_length=500)
    deadline: str = Field(max_length=200)
    is_example: bool = False
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()
