"""results

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Running tallies of scores, comment reviews and population counts.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'result_tally',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('is_consensus', sa.Boolean(), nullable=False),
        sa.Column('theme', S(length=40), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('mode', S(length=10), nullable=False),
        sa.Column('group_label', S(length=100), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['area.id']),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.PrimaryKeyConstraint('campaign_id', 'is_consensus', 'theme', 'score', 'area_id', 'mode',
                                'group_label'),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'result_profile_tally',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('question', S(length=40), nullable=False),
        sa.Column('value', S(length=40), nullable=False),
        sa.Column('theme', S(length=40), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['area.id']),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.PrimaryKeyConstraint('campaign_id', 'question', 'value', 'theme', 'score', 'area_id'),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'comment_review',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('response_id', S(length=36), nullable=False),
        sa.Column('theme', S(length=40), nullable=False),
        sa.Column('kind', S(length=8), nullable=False),
        sa.Column('status', S(length=10), nullable=False),
        sa.Column('reviewed_by', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['response_id'], ['response.id']),
        sa.ForeignKeyConstraint(['reviewed_by'], ['staff_user.id']),
        sa.PrimaryKeyConstraint('response_id', 'theme', 'kind'),
    )
    op.create_index('ix_comment_review_lookup', 'comment_review',
                    ['campaign_id', 'theme', 'kind', 'status'], unique=False)
    op.create_table(
        'population_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('age_band', S(length=40), nullable=False),
        sa.Column('gender', S(length=40), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['area.id']),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'area_id', 'age_band', 'gender'),
    )
    op.create_index(op.f('ix_population_count_campaign_id'), 'population_count', ['campaign_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_population_count_campaign_id'), table_name='population_count')
    op.drop_table('population_count')
    op.drop_index('ix_comment_review_lookup', table_name='comment_review')
    op.drop_table('comment_review')
    op.drop_table('result_profile_tally')
    op.drop_table('result_tally')
