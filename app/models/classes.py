"""Class sessions (pupils answer a campaign's survey with a short code) and the youth council's statement.

A pupil is only the response id of the draft the join started: no name, device or address is kept.
"""

from datetime import date, datetime

from sqlalchemy import Text, false
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field


class ClassSession(SQLModel, table=True):
    """One lesson in which a class answers a campaign about one area; pupils join with `code`."""

    __tablename__ = "class_session"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    area_id: int = Field(foreign_key="area.id")
    title: str = Field(max_length=100)
    survey_slug: str | None = Field(default=None, max_length=64)  # a version it offers; none: its own
    code: str = Field(max_length=8, unique=True)
    created_by: int = Field(foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    # Set when the teacher ends the session: the class compass counts the answers sent by then,
    # and `shown_count` of them; fewer later (withdrawn) hides it again.
    ended_at: datetime | None = timestamp_field()
    shown_count: int | None = None


class ClassPupil(SQLModel, table=True):
    """A pupil who joined: the id the draft's response gets when it is sent (no foreign key: it
    does not exist until then)."""

    __tablename__ = "class_pupil"

    response_id: str = Field(primary_key=True, max_length=36)
    class_session_id: int = Field(foreign_key="class_session.id", index=True)
    joined_at: datetime = created_at_field()
    # Set when the session ends, on the pupils whose answers were sent by then: the class's answers.
    counted: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class YouthStatement(SQLModel, table=True):
    """A youth council workshop (ungdomsråd) and the statement it adopted, also kept in the register."""

    __tablename__ = "youth_statement"

    workshop_id: int = Field(foreign_key="workshop.id", primary_key=True)
    text: str = Field(default="", sa_type=Text)
    adopted_on: date | None = None
    outcome_id: int | None = Field(default=None, foreign_key="outcome.id")
    updated_at: datetime | None = timestamp_field()
