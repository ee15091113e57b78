"""dilemma training sessions: sessions from a scenario file, groups, their answers per step, agreed principles

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01

No column holds device data: phones are let in by a signed cookie, answers belong to groups.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel



revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dilemma_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('scenario_slug', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('scenario_version', sa.Integer(), nullable=False),
    sa.Column('scenario', sa.JSON(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_dilemma_session_created_by')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_dilemma_session_organisation_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dilemma_session')),
    sa.UniqueConstraint('code', name=op.f('uq_dilemma_session_code'))
    )
    with op.batch_alter_table('dilemma_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dilemma_session_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('dilemma_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['dilemma_session.id'], name=op.f('fk_dilemma_group_session_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dilemma_group')),
    sa.UniqueConstraint('session_id', 'name', name=op.f('uq_dilemma_group_session_id_name'))
    )
    with op.batch_alter_table('dilemma_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dilemma_group_session_id'), ['session_id'], unique=False)

    op.create_table('dilemma_principle',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['dilemma_session.id'], name=op.f('fk_dilemma_principle_session_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dilemma_principle'))
    )
    with op.batch_alter_table('dilemma_principle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dilemma_principle_session_id'), ['session_id'], unique=False)

    op.create_table('dilemma_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('effects', sa.JSON(), nullable=False),
    sa.Column('conflicts', sa.Text(), nullable=False),
    sa.Column('winwin', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['dilemma_group.id'], name=op.f('fk_dilemma_answer_group_id')),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], name=op.f('fk_dilemma_answer_recorded_by')),
    sa.ForeignKeyConstraint(['session_id'], ['dilemma_session.id'], name=op.f('fk_dilemma_answer_session_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dilemma_answer')),
    sa.UniqueConstraint('group_id', 'step', name=op.f('uq_dilemma_answer_group_id_step'))
    )
    with op.batch_alter_table('dilemma_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dilemma_answer_session_id'), ['session_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dilemma_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dilemma_answer_session_id'))
    op.drop_table('dilemma_answer')
    with op.batch_alter_table('dilemma_principle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dilemma_principle_session_id'))
    op.drop_table('dilemma_principle')
    with op.batch_alter_table('dilemma_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dilemma_group_session_id'))
    op.drop_table('dilemma_group')
    with op.batch_alter_table('dilemma_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dilemma_session_organisation_id'))
    op.drop_table('dilemma_session')
