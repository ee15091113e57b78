"""API shapes for campaigns."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SlugStr = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]{0,62}$", strip_whitespace=True)
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class AreaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: SlugStr
    name: Name


class CampaignIn(BaseModel):
    """A new campaign; slugs are lower-case letters, digits and hyphens."""

    model_config = ConfigDict(extra="forbid")
    slug: SlugStr
    title: Name
    survey: str = Field(max_length=64)
    areas: list[AreaIn] = Field(min_length=1, max_length=200)
    status: Literal["draft", "open", "closed"] = "draft"
    locales: list[str] | None = None
    results_public: bool = False
    # Other versions of the survey offered alongside it (children's, youth); each answer records its own.
    versions: list[str] = Field(default_factory=list, max_length=10)


class AreaOut(BaseModel):
    slug: str
    name: str


class CampaignOut(BaseModel):
    slug: str
    title: str
    survey: str
    survey_version: int
    versions: list[str] = []
    status: str
    is_demo: bool
    results_public: bool
    locales: list[str]
    areas: list[AreaOut]
    created_at: datetime
