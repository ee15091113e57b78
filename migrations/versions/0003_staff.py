"""staff side and field work

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'invitation_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('used', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'code_hash'),
    )
    with op.batch_alter_table('invitation_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_code_campaign_id'), ['campaign_id'], unique=False)

    op.create_table(
        'login_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_key_hash'), ['key_hash'], unique=False)

    op.create_table(
        'field_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('group_label', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('stops', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['area.id']),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('field_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_session_campaign_id'), ['campaign_id'], unique=False)

    op.create_table(
        'field_note',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('stop', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['field_session.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('field_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_note_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_response_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key('fk_response_session_id', 'field_session', ['session_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint('fk_response_session_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_response_session_id'))
        batch_op.drop_column('session_id')
    with op.batch_alter_table('field_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_note_session_id'))
    op.drop_table('field_note')
    with op.batch_alter_table('field_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_session_campaign_id'))
    op.drop_table('field_session')
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_key_hash'))
    op.drop_table('login_failure')
    with op.batch_alter_table('invitation_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_code_campaign_id'))
    op.drop_table('invitation_code')
