"""An organisation's look: the display name, logo and accent colour on its posters, letters and reports."""

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field


class OrganisationBrand(SQLModel, table=True):
    """One organisation's branding; the logo is kept as a re-encoded PNG (never as uploaded)."""

    __tablename__ = "organisation_brand"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    display_name: str = Field(default="", max_length=200)
    accent: str = Field(default="", max_length=7)  # '#rrggbb', or '' for the default look
    logo_png: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_sha: str = Field(default="", max_length=64)  # the ETag and the cache-busting version
    updated_at: datetime = created_at_field()
