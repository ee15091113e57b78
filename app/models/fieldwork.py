"""Field sessions (walk-and-talk and workshops) and the notes taken at their stops."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field

SESSION_KINDS = ("walk", "workshop")


class FieldSession(SQLModel, table=True):
    """A walk-and-talk or a workshop with one group; its responses carry its id and group label."""

    __tablename__ = "field_session"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    area_id: int = Field(foreign_key="area.id")
    kind: str = Field(max_length=10)
    title: str = Field(max_length=200)
    held_on: date
    group_label: str = Field(max_length=100)
    stops: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: int = Field(foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class FieldNote(SQLModel, table=True):
    """A note for the whole session or one stop; the id is a UUID made by the tablet."""

    __tablename__ = "field_note"

    id: str = Field(primary_key=True, max_length=36)
    session_id: int = Field(foreign_key="field_session.id", index=True)
    stop: int | None = None
    text: str = Field(sa_type=Text)
    created_at: datetime = created_at_field()
