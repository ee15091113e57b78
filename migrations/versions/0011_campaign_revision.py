"""campaign revision: a new random stamp at every change, so workers may cache a campaign and check it in SQL

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign') as batch_op:
        batch_op.add_column(sa.Column('revision', sa.BigInteger(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch_op:
        batch_op.drop_column('revision')
