"""The staff workbench: an audit log of staff actions, one-time login links and kept originals.

The audit log records who did what to which thing and when; it never holds what residents said.
"""

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.models.common import UTCDateTime, created_at_field, timestamp_field


class AuditEvent(SQLModel, table=True):
    """One staff action: who (kept by name, so it outlives the user), what, on which thing, when."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_org_created", "organisation_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    username: str = Field(max_length=64)
    action: str = Field(max_length=40)
    target_kind: str = Field(default="", max_length=20)
    target: str = Field(default="", max_length=200)
    detail: str = Field(default="", max_length=500)
    created_at: datetime = created_at_field()


class LoginLink(SQLModel, table=True):
    """A one-time link to set a password (an invitation or a reset); only its hash is kept."""

    __tablename__ = "login_link"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=8)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = timestamp_field()


class IdeaEdit(SQLModel, table=True):
    """The text a staff edit replaced in an idea; deleted with the idea (a required reference)."""

    __tablename__ = "idea_edit"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: str = Field(foreign_key="idea.id", index=True, max_length=36)
    field: str = Field(max_length=20)
    before: str = Field(sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)  # None: an edit made before 0023 kept it
    edited_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class IdeaCommentEdit(SQLModel, table=True):
    """A staff edit of a comment on an idea: the words before and after; deleted with the comment."""

    __tablename__ = "idea_comment_edit"

    id: int | None = Field(default=None, primary_key=True)
    comment_id: str = Field(foreign_key="idea_comment.id", index=True, max_length=36)
    before: str = Field(sa_type=Text)
    after: str = Field(sa_type=Text)
    edited_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class AnswerEdit(SQLModel, table=True):
    """A staff edit of a survey comment (one theme's 'good' or 'better' text of a response): the
    words before and after; deleted with the response, and with the text by the retention rule."""

    __tablename__ = "answer_edit"
    __table_args__ = (Index("ix_answer_edit_comment", "response_id", "theme", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: str = Field(foreign_key="response.id", max_length=36)
    theme: str = Field(max_length=40)
    kind: str = Field(max_length=8)
    before: str = Field(sa_type=Text)
    after: str = Field(sa_type=Text)
    edited_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
