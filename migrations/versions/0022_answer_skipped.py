"""a theme skipped on purpose is kept apart from "don't know"

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02

An answer with no score was always read as "don't know", also when the resident chose "skip this
theme" and wrote a comment. `skipped` marks those: they keep their comments but count in no tally.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answer") as batch:
        batch.add_column(sa.Column("skipped", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("answer") as batch:
        batch.drop_column("skipped")
