"""worksheets and funding schemes (Bærekrafthjelperen)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

A worksheet keeps the content version it was filled in with (worksheet_content holds a copy of each
version used); funding schemes are per organisation, loaded from toolbox/funding.yaml and edited by admins.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('worksheet_content',
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('slug', 'version', name=op.f('pk_worksheet_content'))
    )
    op.create_table('funding_scheme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('dimension', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('deadline', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_funding_scheme_organisation_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_scheme'))
    )
    with op.batch_alter_table('funding_scheme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_scheme_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('worksheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('content_slug', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('content_version', sa.Integer(), nullable=False),
    sa.Column('plan_level', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('case_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('outcome_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_worksheet_campaign_id')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_worksheet_created_by')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_worksheet_organisation_id')),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], name=op.f('fk_worksheet_outcome_id'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worksheet'))
    )
    with op.batch_alter_table('worksheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worksheet_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worksheet_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worksheet_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('worksheet_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worksheet_id', sa.Integer(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('choice', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['worksheet_id'], ['worksheet.id'], name=op.f('fk_worksheet_answer_worksheet_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worksheet_answer')),
    sa.UniqueConstraint('worksheet_id', 'theme', name=op.f('uq_worksheet_answer_worksheet_id_theme'))
    )
    with op.batch_alter_table('worksheet_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worksheet_answer_worksheet_id'), ['worksheet_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('worksheet_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worksheet_answer_worksheet_id'))
    op.drop_table('worksheet_answer')
    with op.batch_alter_table('worksheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worksheet_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_worksheet_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_worksheet_campaign_id'))
    op.drop_table('worksheet')
    with op.batch_alter_table('funding_scheme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_scheme_organisation_id'))
    op.drop_table('funding_scheme')
    op.drop_table('worksheet_content')
