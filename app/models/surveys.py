"""Survey definitions as loaded from surveys/*.yaml, one row per slug and version."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field


class SurveyDefinition(SQLModel, table=True):
    """A frozen copy of a definition, so old responses keep the text they answered."""

    __tablename__ = "survey_definition"

    slug: str = Field(primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    loaded_at: datetime = created_at_field()
