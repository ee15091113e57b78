"""resident survey (drafts)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Drafts of resident answers, kept apart from responses until sent.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('response_draft',
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('response_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('invitation_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.PrimaryKeyConstraint('token_hash'),
    sa.UniqueConstraint('response_id')
    )
    with op.batch_alter_table('response_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_draft_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_draft_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('response_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_draft_updated_at'))
        batch_op.drop_index(batch_op.f('ix_response_draft_campaign_id'))

    op.drop_table('response_draft')
