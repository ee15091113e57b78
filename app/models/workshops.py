"""Politisk verksted: workshops, their context figures, voting rounds, ballots and the outcome.

Ballots belong to a device: `device` is a hash of the id in a signed cookie. No IP address, user
agent or other device data has a column here, on purpose.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field


class Workshop(SQLModel, table=True):
    """A workshop prepared from one or more campaigns; `code` lets phones join without an account."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=200)
    held_on: date | None = None
    method: str = Field(default="", sa_type=Text)
    code: str = Field(max_length=16, unique=True)
    points: int = 10
    # [campaign id, ...]; ["<campaign id>:<area slug>", ...]; comparisons, themes, boards, quotes
    campaign_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    comparisons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Slides from the toolbox: ["worksheet:<id>", "dilemma:<id>", ...] (app/workshops/toolbox.py)
    toolbox: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    board_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    idea_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quotes: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    archived_at: datetime | None = timestamp_field()


class WorkshopFigure(SQLModel, table=True):
    """A context figure (e.g. income or share living alone), typed in or from a CSV, with its source."""

    __tablename__ = "workshop_figure"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    label: str = Field(max_length=200)
    area: str = Field(default="", max_length=200)
    value: str = Field(max_length=60)
    source: str = Field(max_length=300)
    position: int = 0


class VoteRound(SQLModel, table=True):
    """One round of dot voting; its options are fixed when it opens, and it stays stored."""

    __tablename__ = "vote_round"
    __table_args__ = (UniqueConstraint("workshop_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    number: int
    points: int
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    is_open: bool = True
    opened_at: datetime = created_at_field()
    closed_at: datetime | None = timestamp_field()


class Ballot(SQLModel, table=True):
    """One device's points in one round (option key -> points) and its short comment."""

    round_id: int = Field(foreign_key="vote_round.id", primary_key=True)
    device: str = Field(primary_key=True, max_length=32)
    points: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comment: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class OutcomeItem(SQLModel, table=True):
    """An agreed priority or action, with who is responsible and the municipal plan it feeds."""

    __tablename__ = "workshop_outcome"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    kind: str = Field(max_length=10)
    text: str = Field(max_length=500)
    option: str = Field(default="", max_length=60)
    actor: str = Field(default="", max_length=16)
    responsible: str = Field(default="", max_length=200)
    plan: str = Field(max_length=24)
    position: int = 0
    created_at: datetime = created_at_field()


class LookupFailure(SQLModel, table=True):
    """A wrong join code, counted under an HMAC of the client so the address itself is never kept."""

    __tablename__ = "workshop_lookup_failure"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, index=True)
    failed_at: datetime = created_at_field()
