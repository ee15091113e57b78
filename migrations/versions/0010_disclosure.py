"""disclosure control: published releases of live results (issue 11, disclosure)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

The public figures of a campaign are read from its newest release, so they change only when a
release is cut (app/results/disclosure.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'result_release',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('responses', sa.Integer(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_result_release_campaign_id'),
        sa.PrimaryKeyConstraint('id', name='pk_result_release'),
        sa.UniqueConstraint('campaign_id', 'seq', name='uq_result_release_campaign_id_seq'),
    )
    with op.batch_alter_table('result_release') as batch_op:
        batch_op.create_index('ix_result_release_campaign_id', ['campaign_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('result_release') as batch_op:
        batch_op.drop_index('ix_result_release_campaign_id')
    op.drop_table('result_release')
