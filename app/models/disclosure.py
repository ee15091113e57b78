"""Published releases of a campaign's results: what the public sees, frozen between releases."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field


class ResultRelease(SQLModel, table=True):
    """One release: the released tallies per area (and group consensus), as counts.

    Releases follow each other by `seq`; the public page, the public API and board challenges
    read the newest one, so the public figures change only when a release is cut
    (`app.results.disclosure`).
    """

    __tablename__ = "result_release"
    __table_args__ = (UniqueConstraint("campaign_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    seq: int
    responses: int  # individual responses the release holds
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_at_field()
