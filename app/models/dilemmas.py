"""Dilemmatrening: sessions run from a scenario file, the groups in them, their answers and the principles.

A session keeps a copy of the scenario as it was when the session was made, so its report reads the
same after the file changes. Group answers carry no device data: a phone is only let in by a signed
cookie, and the answer belongs to the group, not to the phone.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field


class DilemmaSession(SQLModel, table=True):
    """One tabletop exercise; `step` is 0 for the situation, 1..n for the injects, n+1 for principles."""

    __tablename__ = "dilemma_session"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=200)
    scenario_slug: str = Field(max_length=40)
    scenario_version: int
    scenario: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    code: str = Field(max_length=16, unique=True)
    step: int = 0
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    closed_at: datetime | None = timestamp_field()


class DilemmaGroup(SQLModel, table=True):
    """A group at the table (often across sectors and municipalities), named by the facilitator."""

    __tablename__ = "dilemma_group"
    __table_args__ = (UniqueConstraint("session_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dilemma_session.id", index=True)
    name: str = Field(max_length=60)
    position: int = 0


class DilemmaAnswer(SQLModel, table=True):
    """A group's answer to one step: effects (+/−) on themes and dimensions, conflicts, win-win.

    One row per group and step (the unique key): a retried or repeated post updates it, never adds."""

    __tablename__ = "dilemma_answer"
    __table_args__ = (UniqueConstraint("group_id", "step"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dilemma_session.id", index=True)
    group_id: int = Field(foreign_key="dilemma_group.id")
    step: int
    # theme or dimension slug -> "+" or "-"
    effects: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    conflicts: str = Field(default="", sa_type=Text)
    winwin: str = Field(default="", sa_type=Text)
    recorded_by: int | None = Field(default=None, foreign_key="staff_user.id")  # set when staff typed it
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class DilemmaPrinciple(SQLModel, table=True):
    """A principle for priorities the room agreed on; `id` is made by the form, so a retry adds nothing."""

    __tablename__ = "dilemma_principle"

    id: str = Field(primary_key=True, max_length=36)
    session_id: int = Field(foreign_key="dilemma_session.id", index=True)
    text: str = Field(max_length=500)
    created_at: datetime = created_at_field()
