"""An organisation's look: the display name, logo and accent colour on its posters, letters and reports."""

import base64
from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.models.common import created_at_field


class OrganisationBrand(SQLModel, table=True):
    """One organisation's branding; the logo is kept as a re-encoded PNG (never as uploaded)."""

    __tablename__ = "organisation_brand"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    display_name: str = Field(default="", max_length=200)
    accent: str = Field(default="", max_length=7)  # '#rrggbb', or '' for the default look
    # base64 text rather than a binary column: at most 600 × 240 pixels, and text reads and
    # copies alike on SQLite and PostgreSQL (backups, the data-migration tests)
    logo_base64: str = Field(default="", sa_type=Text)
    logo_sha: str = Field(default="", max_length=64)  # the ETag and the cache-busting version
    updated_at: datetime = created_at_field()

    @property
    def logo_png(self) -> bytes | None:
        """The stored PNG's bytes, or None without a logo."""
        return base64.b64decode(self.logo_base64) if self.logo_base64 else None
