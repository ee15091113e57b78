"""staff side and field work

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Reserved in the chain so the domains can grow their tables side by side; empty until they do.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
