"""The outcome register (the rød tråd): measures, their sources and dated status history, units, routing.

No table here holds a resident's identity: a source points at a comment by its response and theme
only, and the register never copies who wrote it.
"""

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field


class Unit(SQLModel, table=True):
    """A municipal unit (etat, virksomhet) that outcomes, comments and ideas are routed to."""

    __tablename__ = "outcome_unit"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    created_at: datetime = created_at_field()


class Outcome(SQLModel, table=True):
    """One measure: where it came from, the plan step and decision it reached, who owns it, its status."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    title: str = Field(max_length=200)
    public_note: str = Field(default="", sa_type=Text)
    internal_note: str = Field(default="", sa_type=Text)
    plan_step: str = Field(default="", max_length=24)
    case_number: str = Field(default="", max_length=40)
    decision: str = Field(default="", sa_type=Text)
    decision_url: str = Field(default="", max_length=500)
    unit_id: int | None = Field(default=None, foreign_key="outcome_unit.id", index=True)
    responsible: str = Field(default="", max_length=200)
    due_on: date | None = None
    level: str = Field(default="", max_length=4)
    status: str = Field(default="proposed", max_length=16)
    status_reason: str = Field(default="", sa_type=Text)
    is_public: bool = False
    # Where an entry was made: by hand, from a workshop's outcome item, or from an idea's status.
    origin: str = Field(default="register", max_length=10)
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    workshop_item_id: int | None = None  # no foreign key: deleting the workshop item keeps the entry
    idea_id: str | None = Field(default=None, foreign_key="idea.id", max_length=36, unique=True)
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()


class OutcomeEvent(SQLModel, table=True):
    """A dated status change with its reason; the register's history is never rewritten."""

    __tablename__ = "outcome_event"

    id: int | None = Field(default=None, primary_key=True)
    outcome_id: int = Field(foreign_key="outcome.id", index=True)
    status: str = Field(max_length=16)
    note: str = Field(default="", sa_type=Text)
    changed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class OutcomeSource(SQLModel, table=True):
    """What an outcome came from: a campaign's theme or area, an approved comment, an idea."""

    __tablename__ = "outcome_source"
    __table_args__ = (UniqueConstraint("outcome_id", "kind", "campaign_id", "ref"),)

    id: int | None = Field(default=None, primary_key=True)
    outcome_id: int = Field(foreign_key="outcome.id", index=True)
    kind: str = Field(max_length=8)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    ref: str = Field(max_length=120)  # theme key, area slug, idea id, or "<response id>:<theme>:<kind>"
    response_id: str | None = Field(default=None, foreign_key="response.id", max_length=36)
    idea_id: str | None = Field(default=None, foreign_key="idea.id", max_length=36)
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id")
    created_at: datetime = created_at_field()


class Assignment(SQLModel, table=True):
    """A comment or an idea routed to a unit with a due date (outcomes carry their unit themselves)."""

    __tablename__ = "outcome_assignment"
    __table_args__ = (UniqueConstraint("organisation_id", "kind", "ref"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    unit_id: int = Field(foreign_key="outcome_unit.id", index=True)
    kind: str = Field(max_length=8)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    ref: str = Field(max_length=120)
    response_id: str | None = Field(default=None, foreign_key="response.id", max_length=36)
    idea_id: str | None = Field(default=None, foreign_key="idea.id", max_length=36)
    due_on: date | None = None
    note: str = Field(default="", sa_type=Text)
    done_at: datetime | None = timestamp_field()
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
