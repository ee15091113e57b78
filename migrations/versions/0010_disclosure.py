"""disclosure control: published releases of live results (issue 11, disclosure)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

A placeholder that changes nothing yet, so the chain stays whole while this change is built.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
