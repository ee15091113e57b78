"""staff edits of every moderated text keep the original; a hidden survey comment keeps its reason

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02

Ideas already kept the words an edit replaced (idea_edit.before); `after` adds the words it wrote
(empty for edits made before this revision). Comments on ideas and survey comments get tables of
their own with both texts, each deleted with what it belongs to (a required reference). A survey
comment hidden from the one moderation queue keeps the reason, as ideas and comments on ideas do.
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('idea_edit') as batch_op:
        batch_op.add_column(sa.Column('after', sa.Text(), nullable=True))
    with op.batch_alter_table('comment_review') as batch_op:
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), server_default='', nullable=False))
    op.create_table(
        'idea_comment_edit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.String(length=36), nullable=False),
        sa.Column('before', sa.Text(), nullable=False),
        sa.Column('after', sa.Text(), nullable=False),
        sa.Column('edited_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['comment_id'], ['idea_comment.id'], name='fk_idea_comment_edit_comment_id'),
        sa.ForeignKeyConstraint(['edited_by'], ['staff_user.id'], name='fk_idea_comment_edit_edited_by'),
        sa.PrimaryKeyConstraint('id', name='pk_idea_comment_edit'),
    )
    with op.batch_alter_table('idea_comment_edit') as batch_op:
        batch_op.create_index('ix_idea_comment_edit_comment_id', ['comment_id'], unique=False)
    op.create_table(
        'answer_edit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.String(length=36), nullable=False),
        sa.Column('theme', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('before', sa.Text(), nullable=False),
        sa.Column('after', sa.Text(), nullable=False),
        sa.Column('edited_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['response.id'], name='fk_answer_edit_response_id'),
        sa.ForeignKeyConstraint(['edited_by'], ['staff_user.id'], name='fk_answer_edit_edited_by'),
        sa.PrimaryKeyConstraint('id', name='pk_answer_edit'),
    )
    with op.batch_alter_table('answer_edit') as batch_op:
        batch_op.create_index('ix_answer_edit_comment', ['response_id', 'theme', 'kind'], unique=False)


def downgrade() -> None:
    for table, index in (('answer_edit', 'ix_answer_edit_comment'),
                         ('idea_comment_edit', 'ix_idea_comment_edit_comment_id')):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(index)
        op.drop_table(table)
    with op.batch_alter_table('comment_review') as batch_op:
        batch_op.drop_column('hidden_reason')
    with op.batch_alter_table('idea_edit') as batch_op:
        batch_op.drop_column('after')
