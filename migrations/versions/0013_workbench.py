"""staff workbench: audit log, one-time login links, kept originals of edited ideas, archive, super-admins and staff language

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

ARCHIVED = ('campaign', 'board', 'workshop')


def upgrade() -> None:
    op.create_table(
        'audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('target_kind', sa.String(length=20), nullable=False),
        sa.Column('target', sa.String(length=200), nullable=False),
        sa.Column('detail', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name='fk_audit_event_organisation_id'),
        sa.PrimaryKeyConstraint('id', name='pk_audit_event'),
    )
    with op.batch_alter_table('audit_event') as batch_op:
        batch_op.create_index('ix_audit_event_org_created', ['organisation_id', 'created_at'], unique=False)
    op.create_table(
        'login_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('purpose', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name='fk_login_link_user_id'),
        sa.PrimaryKeyConstraint('id', name='pk_login_link'),
        sa.UniqueConstraint('token_hash', name='uq_login_link_token_hash'),
    )
    with op.batch_alter_table('login_link') as batch_op:
        batch_op.create_index('ix_login_link_user_id', ['user_id'], unique=False)
    op.create_table(
        'idea_edit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('idea_id', sa.String(length=36), nullable=False),
        sa.Column('field', sa.String(length=20), nullable=False),
        sa.Column('before', sa.Text(), nullable=False),
        sa.Column('edited_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name='fk_idea_edit_idea_id'),
        sa.ForeignKeyConstraint(['edited_by'], ['staff_user.id'], name='fk_idea_edit_edited_by'),
        sa.PrimaryKeyConstraint('id', name='pk_idea_edit'),
    )
    with op.batch_alter_table('idea_edit') as batch_op:
        batch_op.create_index('ix_idea_edit_idea_id', ['idea_id'], unique=False)
    with op.batch_alter_table('staff_user') as batch_op:
        batch_op.add_column(sa.Column('is_superadmin', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))
    for table in ARCHIVED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in ARCHIVED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('archived_at')
    with op.batch_alter_table('staff_user') as batch_op:
        batch_op.drop_column('locale')
        batch_op.drop_column('is_superadmin')
    for table, index in (('idea_edit', 'ix_idea_edit_idea_id'), ('login_link', 'ix_login_link_user_id'),
                         ('audit_event', 'ix_audit_event_org_created')):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(index)
        op.drop_table(table)
