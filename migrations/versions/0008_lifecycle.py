"""data lifecycle, retention and throttles (issue 11, lifecycle)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

A placeholder that changes nothing yet, so the chain stays whole while this change is built.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
