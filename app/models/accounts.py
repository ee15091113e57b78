"""Municipalities (organisations), staff users and their API tokens."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.common import UTCDateTime, created_at_field, timestamp_field


class Organisation(SQLModel, table=True):
    """A municipality or other body that owns campaigns and staff."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)


class User(SQLModel, table=True):
    """A staff member: admin, facilitator or analyst."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    role: str = Field(max_length=16)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = True
    is_superadmin: bool = False  # may create and manage every organisation
    locale: str | None = Field(default=None, max_length=8)  # the staff pages' language
    created_at: datetime = created_at_field()


class ApiToken(SQLModel, table=True):
    """A staff bearer token with a name and an expiry; only its SHA-256 hash is kept.

    Revocation is final: deactivating the user or "log out everywhere" sets revoked_at, and
    reactivating the user never clears it.
    """

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    name: str = Field(default="", max_length=100)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = timestamp_field()


class StaffSession(SQLModel, table=True):
    """A browser login; logout or an admin revokes it by setting revoked_at."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    last_seen_at: datetime = created_at_field()
    revoked_at: datetime | None = timestamp_field()
