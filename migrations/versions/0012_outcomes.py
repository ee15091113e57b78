"""outcome register (rød tråd): units, outcomes with sources and dated status history, routing of comments and ideas

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

No column holds a resident's identity: a comment is referred to by its response and theme only.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outcome_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outcome_unit_organisation_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_unit')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_outcome_unit_organisation_id_name'))
    )
    with op.batch_alter_table('outcome_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_unit_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('public_note', sa.Text(), nullable=False),
    sa.Column('internal_note', sa.Text(), nullable=False),
    sa.Column('plan_step', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('case_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('decision_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('workshop_item_id', sa.Integer(), nullable=True),
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_outcome_campaign_id')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_outcome_created_by')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_outcome_idea_id')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outcome_organisation_id')),
    sa.ForeignKeyConstraint(['unit_id'], ['outcome_unit.id'], name=op.f('fk_outcome_unit_id')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_outcome_workshop_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome')),
    sa.UniqueConstraint('idea_id', name=op.f('uq_outcome_idea_id'))
    )
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('outcome_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('response_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_outcome_assignment_campaign_id')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_outcome_assignment_created_by')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_outcome_assignment_idea_id')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outcome_assignment_organisation_id')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_outcome_assignment_response_id')),
    sa.ForeignKeyConstraint(['unit_id'], ['outcome_unit.id'], name=op.f('fk_outcome_assignment_unit_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_assignment')),
    sa.UniqueConstraint('organisation_id', 'kind', 'ref', name=op.f('uq_outcome_assignment_organisation_id_kind_ref'))
    )
    with op.batch_alter_table('outcome_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_assignment_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_assignment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_assignment_unit_id'), ['unit_id'], unique=False)

    op.create_table('outcome_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['staff_user.id'], name=op.f('fk_outcome_event_changed_by')),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], name=op.f('fk_outcome_event_outcome_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_event'))
    )
    with op.batch_alter_table('outcome_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_event_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('outcome_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('response_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('idea_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_outcome_source_campaign_id')),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_outcome_source_idea_id')),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], name=op.f('fk_outcome_source_outcome_id')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_outcome_source_response_id')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_outcome_source_workshop_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_source')),
    sa.UniqueConstraint('outcome_id', 'kind', 'campaign_id', 'ref', name=op.f('uq_outcome_source_outcome_id_kind_campaign_id_ref'))
    )
    with op.batch_alter_table('outcome_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_source_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_source_outcome_id'), ['outcome_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outcome_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_source_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_source_campaign_id'))

    op.drop_table('outcome_source')
    with op.batch_alter_table('outcome_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_event_outcome_id'))

    op.drop_table('outcome_event')
    with op.batch_alter_table('outcome_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_assignment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_assignment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_assignment_campaign_id'))

    op.drop_table('outcome_assignment')
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_unit_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_campaign_id'))

    op.drop_table('outcome')
    with op.batch_alter_table('outcome_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_unit_organisation_id'))

    op.drop_table('outcome_unit')
