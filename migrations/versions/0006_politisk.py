"""politisk verksted: workshops, context figures, voting rounds, ballots, outcome, code lookups

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

No column holds an IP address or user agent: ballots carry a hash of a signed device cookie, and
failed code lookups an HMAC of the client.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLES = ["workshop_lookup_failure", "workshop_outcome", "ballot", "vote_round", "workshop_figure", "workshop"]


def _text(n: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=n)


def upgrade() -> None:
    op.create_table('workshop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', _text(200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('code', _text(16), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('campaign_ids', sa.JSON(), nullable=False),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('comparisons', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('board_ids', sa.JSON(), nullable=False),
    sa.Column('idea_ids', sa.JSON(), nullable=False),
    sa.Column('quotes', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('workshop_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('label', _text(200), nullable=False),
    sa.Column('area', _text(200), nullable=False),
    sa.Column('value', _text(60), nullable=False),
    sa.Column('source', _text(300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workshop_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_figure_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('vote_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'number')
    )
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_round_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('ballot',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('device', _text(32), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('comment', _text(300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['vote_round.id'], ),
    sa.PrimaryKeyConstraint('round_id', 'device')
    )
    op.create_table('workshop_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', _text(10), nullable=False),
    sa.Column('text', _text(500), nullable=False),
    sa.Column('option', _text(60), nullable=False),
    sa.Column('actor', _text(16), nullable=False),
    sa.Column('responsible', _text(200), nullable=False),
    sa.Column('plan', _text(24), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workshop_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_outcome_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_lookup_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', _text(64), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workshop_lookup_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_lookup_failure_key_hash'), ['key_hash'], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
