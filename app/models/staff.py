"""Failed staff logins, counted to throttle password guessing.

The key is an HMAC of the username or of the client address, never the address itself, and the
rows have nothing to do with residents' answers; they are deleted once the window has passed.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.common import created_at_field


class LoginFailure(SQLModel, table=True):
    """One failed login attempt against one key (a username or a client)."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, index=True)
    failed_at: datetime = created_at_field()
