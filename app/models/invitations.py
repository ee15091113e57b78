"""Single-use invitation codes for letters and SMS.

A code only remembers that it was used, never by which response or when, so a stored response
cannot be traced back to the letter that invited it.
"""

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class InvitationCode(SQLModel, table=True):
    """One code; only its hash is stored, and `used` flips once."""

    __tablename__ = "invitation_code"
    __table_args__ = (UniqueConstraint("campaign_id", "code_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    code_hash: str = Field(max_length=64)
    used: bool = False
