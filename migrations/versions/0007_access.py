"""tokens with names and expiry, slugs unique per organisation (issue 11, access)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

A placeholder that changes nothing yet, so the chain stays whole while this change is built.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
