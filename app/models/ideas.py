"""Bylab idea boards: boards, opening challenges, ideas, supports, comments, flags and status history.

Participants are anonymous: `participant` is a hash of the id in their signed cookie. No IP address,
user agent or other device data has a column here, on purpose.
"""

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field, timestamp_field


class Board(SQLModel, table=True):
    """An idea board for one campaign and (optionally) one of its areas, opened by staff."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id")
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=200)
    intro: str = Field(default="", sa_type=Text)
    moderation: str = Field(default="post", max_length=4)
    room_code: str | None = Field(default=None, max_length=16)
    is_open: bool = True
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    archived_at: datetime | None = timestamp_field()


class Challenge(SQLModel, table=True):
    """An opening challenge: a low-scoring theme from the results, with starting comments."""

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    position: int = 0
    theme: str = Field(max_length=40)
    mean: float | None = None
    answers: int = 0
    comments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Idea(SQLModel, table=True):
    """One idea; the id is a UUID made in the form, so a repeated post stores it once."""

    __table_args__ = (Index("ix_idea_board_created", "board_id", "created_at"),)

    id: str = Field(primary_key=True, max_length=36)
    board_id: int = Field(foreign_key="board.id")
    title: str = Field(max_length=200)
    description: str = Field(sa_type=Text)
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    place: str = Field(default="", max_length=200)
    proposer_type: str = Field(max_length=16)
    proposer_name: str = Field(default="", max_length=100)
    actors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    locale: str = Field(max_length=8)
    participant: str = Field(max_length=32, index=True)
    visibility: str = Field(default="visible", max_length=8)
    hidden_reason: str = Field(default="", sa_type=Text)
    status: str = Field(default="new", max_length=16)
    official_answer: str = Field(default="", sa_type=Text)
    responsible_actor: str = Field(default="", max_length=16)
    responsible_name: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()


class Support(SQLModel, table=True):
    """One participant supports one idea, once (the primary key makes sure)."""

    idea_id: str = Field(foreign_key="idea.id", primary_key=True, max_length=36)
    participant: str = Field(primary_key=True, max_length=32)
    created_at: datetime = created_at_field()


class IdeaComment(SQLModel, table=True):
    """A comment on an idea, or a reply to one (one level only)."""

    __tablename__ = "idea_comment"

    id: str = Field(primary_key=True, max_length=36)
    idea_id: str = Field(foreign_key="idea.id", index=True, max_length=36)
    parent_id: str | None = Field(default=None, foreign_key="idea_comment.id", max_length=36)
    body: str = Field(sa_type=Text)
    author_name: str = Field(default="", max_length=100)
    locale: str = Field(max_length=8)
    participant: str = Field(max_length=32, index=True)
    visibility: str = Field(default="visible", max_length=8)
    hidden_reason: str = Field(default="", sa_type=Text)
    created_at: datetime = created_at_field()


class IdeaFlag(SQLModel, table=True):
    """A participant asks staff to look at an idea; once per participant."""

    __tablename__ = "idea_flag"

    idea_id: str = Field(foreign_key="idea.id", primary_key=True, max_length=36)
    participant: str = Field(primary_key=True, max_length=32)
    reason: str = Field(default="", max_length=500)
    created_at: datetime = created_at_field()
    resolved_at: datetime | None = timestamp_field()


class IdeaEvent(SQLModel, table=True):
    """The public history of an idea: status changes with the official answer, hiding and showing."""

    __tablename__ = "idea_event"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: str = Field(foreign_key="idea.id", index=True, max_length=36)
    kind: str = Field(max_length=8)
    status: str = Field(default="", max_length=16)
    answer: str = Field(default="", sa_type=Text)
    actor: str = Field(default="", max_length=16)
    actor_name: str = Field(default="", max_length=200)
    changed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
