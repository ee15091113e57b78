"""class sessions and youth council statements

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'class_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=100), nullable=False),
        sa.Column('survey_slug', sa.String(length=64), nullable=True),
        sa.Column('code', sa.String(length=8), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('shown_count', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_class_session_campaign_id'),
        sa.ForeignKeyConstraint(['area_id'], ['area.id'], name='fk_class_session_area_id'),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name='fk_class_session_created_by'),
        sa.PrimaryKeyConstraint('id', name='pk_class_session'),
        sa.UniqueConstraint('code', name='uq_class_session_code'),
    )
    with op.batch_alter_table('class_session') as batch_op:
        batch_op.create_index('ix_class_session_campaign_id', ['campaign_id'], unique=False)
    op.create_table(
        'class_pupil',
        sa.Column('response_id', sa.String(length=36), nullable=False),
        sa.Column('class_session_id', sa.Integer(), nullable=False),
        sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['class_session_id'], ['class_session.id'],
                                name='fk_class_pupil_class_session_id'),
        sa.PrimaryKeyConstraint('response_id', name='pk_class_pupil'),
    )
    with op.batch_alter_table('class_pupil') as batch_op:
        batch_op.create_index('ix_class_pupil_class_session_id', ['class_session_id'], unique=False)
    op.create_table(
        'youth_statement',
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('adopted_on', sa.Date(), nullable=True),
        sa.Column('outcome_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name='fk_youth_statement_workshop_id'),
        sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], name='fk_youth_statement_outcome_id'),
        sa.PrimaryKeyConstraint('workshop_id', name='pk_youth_statement'),
    )


def downgrade() -> None:
    op.drop_table('youth_statement')
    with op.batch_alter_table('class_pupil') as batch_op:
        batch_op.drop_index('ix_class_pupil_class_session_id')
    op.drop_table('class_pupil')
    with op.batch_alter_table('class_session') as batch_op:
        batch_op.drop_index('ix_class_session_campaign_id')
    op.drop_table('class_session')
