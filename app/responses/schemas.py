"""API shapes for a submitted response."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from app.config import get_settings

Comment = Annotated[str, Field(max_length=get_settings().max_comment_chars)]


class AnswerIn(BaseModel):
    """One theme: a whole-number score (null: don't know) and two optional comments; `skipped`
    (with score null) when the resident passed the scale by on purpose and only commented."""

    model_config = ConfigDict(extra="forbid")
    score: StrictInt | None = None
    good: Comment | None = None
    better: Comment | None = None
    skipped: bool = False

    @model_validator(mode="after")
    def _skipped_has_no_score(self) -> "AnswerIn":
        if self.skipped and self.score is not None:
            raise ValueError("A skipped theme has no score: send score null, or skipped false.")
        return self


class ResponseIn(BaseModel):
    """A whole questionnaire; `id` is a UUID the client makes, so a retry is recognised."""

    model_config = ConfigDict(extra="forbid")
    id: UUID
    area: str = Field(max_length=64)
    mode: Literal["survey", "walk", "workshop", "paper"] = "survey"
    locale: str = Field(default="nb", max_length=8)
    # The survey version answered, when the campaign offers several (children's, youth); none: its own.
    survey: str | None = Field(default=None, max_length=64)
    answers: dict[str, AnswerIn] = Field(max_length=64)
    profile: dict[str, str] = Field(default_factory=dict, max_length=64)
    # Staff field work only: the walk-and-talk or workshop session, and whether a group agreed it.
    session: int | None = None
    consensus: bool = False
    # A campaign by invitation only needs the single-use code from the letter in survey mode. It is
    # spent with the response but never stored or shown with it (exclude: not in dumps or hashes).
    invitation: str | None = Field(default=None, max_length=32, exclude=True)


class ResponseOut(BaseModel):
    """A stored response as the API returns it."""

    id: UUID
    campaign: str
    area: str
    mode: str
    locale: str
    survey: str | None = None
    survey_version: int
    is_demo: bool
    submitted_at: datetime
    answers: dict[str, AnswerIn]
    profile: dict[str, str]
