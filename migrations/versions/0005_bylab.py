"""bylab ideas: boards, opening challenges, ideas, supports, comments, flags and public history

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

No column holds an IP address or user agent: participants are hashes of a signed cookie id.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLES = ["support", "idea_flag", "idea_event", "idea_comment", "idea", "challenge", "board"]


def upgrade() -> None:
    op.create_table('board',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('moderation', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('room_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('board', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mean', sa.Float(), nullable=True),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_board_id'), ['board_id'], unique=False)

    op.create_table('idea',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('proposer_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('proposer_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('actors', sa.JSON(), nullable=False),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('participant', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('visibility', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('official_answer', sa.Text(), nullable=False),
    sa.Column('responsible_actor', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('responsible_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['board_id'], ['board.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index('ix_idea_board_created', ['board_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_participant'), ['participant'], unique=False)

    op.create_table('idea_comment',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('parent_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('participant', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('visibility', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['idea_comment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_comment_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_comment_participant'), ['participant'], unique=False)

    op.create_table('idea_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_event_idea_id'), ['idea_id'], unique=False)

    op.create_table('idea_flag',
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('participant', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ),
    sa.PrimaryKeyConstraint('idea_id', 'participant')
    )
    op.create_table('support',
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('participant', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ),
    sa.PrimaryKeyConstraint('idea_id', 'participant')
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
