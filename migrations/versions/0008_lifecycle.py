"""drafts keep invitation codes hashed; draft starts counted per client; daily housekeeping (issue 11, lifecycle)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

- response_draft.invitation_code holds "#" + the code's SHA-256 (as invitation_code.code_hash), never
  the code: existing codes are hashed here.
- draft_start: one row per new draft under a keyed hash of the client, to cap drafts per client.
- housekeeping: when a periodic job (the draft purge) last ran, so one worker runs it once a day.
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _normalise(code: str) -> str:
    # A copy of app.campaigns.invitations.normalise as it is today: a migration keeps its meaning.
    return "".join(ch for ch in code.upper() if ch.isalnum())


def upgrade() -> None:
    with op.batch_alter_table('response_draft', schema=None) as batch_op:
        batch_op.alter_column('invitation_code', existing_type=sa.String(length=32),
                              type_=sa.String(length=72), existing_nullable=True)
    conn = op.get_bind()
    drafts = sa.table('response_draft', sa.column('token_hash', sa.String), sa.column('invitation_code', sa.String))
    rows = conn.execute(sa.select(drafts.c.token_hash, drafts.c.invitation_code)
                        .where(drafts.c.invitation_code.is_not(None))).all()
    for token_hash, code in rows:
        if not code.startswith("#"):
            hashed = "#" + hashlib.sha256(_normalise(code).encode()).hexdigest()
            conn.execute(drafts.update().where(drafts.c.token_hash == token_hash).values(invitation_code=hashed))

    op.create_table(
        'draft_start',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('draft_start', schema=None) as batch_op:
        batch_op.create_index('ix_draft_start_key_hash', ['key_hash'], unique=False)
    op.create_table(
        'housekeeping',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('housekeeping')
    with op.batch_alter_table('draft_start', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_start_key_hash')
    op.drop_table('draft_start')
    # The codes themselves are gone: hashed references cannot be turned back, so they are dropped.
    op.execute("UPDATE response_draft SET invitation_code = NULL WHERE invitation_code LIKE '#%'")
    with op.batch_alter_table('response_draft', schema=None) as batch_op:
        batch_op.alter_column('invitation_code', existing_type=sa.String(length=72),
                              type_=sa.String(length=32), existing_nullable=True)
