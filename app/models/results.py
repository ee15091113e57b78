"""Results: running tallies of scores, comment reviews and population counts.

The tallies are kept in step with the answers in the same transaction (see
`app.results.tallies`), so a summary of a million responses reads a few hundred rows.
"""

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.common import timestamp_field

NO_GROUP = ""  # group_label of responses without one (a key column cannot be NULL)
RESPONSES = "*"  # the tally "theme" that counts responses rather than answers
DONT_KNOW = 0  # the tally "score" of a don't-know answer


class ResultTally(SQLModel, table=True):
    """How many answers gave `score` to `theme`, per campaign, area, mode, group and consensus.

    The key starts with what every summary filters on and ends with what it groups by, and the
    table is clustered on it (SQLite: WITHOUT ROWID), so a summary reads a few adjacent pages.
    A key's count may be split over shards (see `app.results.tallies`): readers sum them.
    """

    __tablename__ = "result_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    # The survey version counted: "" for the campaign's own survey, else the version's slug, so
    # answers on different scales never share a count.
    survey: str = Field(default="", primary_key=True, max_length=64, sa_column_kwargs={"server_default": ""})
    is_consensus: bool = Field(primary_key=True)
    theme: str = Field(primary_key=True, max_length=40)
    score: int = Field(primary_key=True)
    area_id: int = Field(foreign_key="area.id", primary_key=True)
    mode: str = Field(primary_key=True, max_length=10)
    group_label: str = Field(primary_key=True, max_length=100)
    shard: int = Field(default=0, primary_key=True, sa_column_kwargs={"server_default": "0"})
    count: int = 0


class ProfileTally(SQLModel, table=True):
    """Individual answers per profile option: the same counts, split by one profile answer."""

    __tablename__ = "result_profile_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    survey: str = Field(default="", primary_key=True, max_length=64, sa_column_kwargs={"server_default": ""})
    question: str = Field(primary_key=True, max_length=40)
    value: str = Field(primary_key=True, max_length=40)
    theme: str = Field(primary_key=True, max_length=40)
    score: int = Field(primary_key=True)
    area_id: int = Field(foreign_key="area.id", primary_key=True)
    shard: int = Field(default=0, primary_key=True, sa_column_kwargs={"server_default": "0"})
    count: int = 0


class CommentReview(SQLModel, table=True):
    """A staff decision on one comment: approved comments may be shown, hidden ones never."""

    __tablename__ = "comment_review"
    __table_args__ = (Index("ix_comment_review_lookup", "campaign_id", "theme", "kind", "status"),)

    campaign_id: int = Field(foreign_key="campaign.id")  # so public pages start from the few approved
    response_id: str = Field(foreign_key="response.id", primary_key=True, max_length=36)
    theme: str = Field(primary_key=True, max_length=40)
    kind: str = Field(primary_key=True, max_length=8)
    status: str = Field(max_length=10)
    hidden_reason: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    reviewed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    reviewed_at: datetime | None = timestamp_field()


class PopulationCount(SQLModel, table=True):
    """How many people of an age band and gender live in an area (e.g. from Statistics Norway)."""

    __tablename__ = "population_count"
    __table_args__ = (UniqueConstraint("campaign_id", "area_id", "age_band", "gender"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    area_id: int = Field(foreign_key="area.id")
    age_band: str = Field(max_length=40)
    gender: str = Field(max_length=40)
    count: int
