"""worksheet and dilemma slides of a workshop in a column of their own

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01

A workshop's chosen worksheets and dilemma sessions ("worksheet:<id>", "dilemma:<id>") were kept in
its `comparisons` list for want of a migration slot; they move to `toolbox`.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

KINDS = ("worksheet:", "dilemma:")
WORKSHOP = sa.table("workshop", sa.column("id", sa.Integer), sa.column("comparisons", sa.JSON),
                    sa.column("toolbox", sa.JSON))


def _move(split: bool) -> None:
    """Move toolbox entries out of `comparisons` (split) or back into it."""
    conn = op.get_bind()
    for wid, comparisons, toolbox in conn.execute(sa.select(WORKSHOP)).all():
        comparisons, toolbox = list(comparisons or []), list(toolbox or [])
        if split:
            values = {"comparisons": [c for c in comparisons if not c.startswith(KINDS)],
                      "toolbox": [c for c in comparisons if c.startswith(KINDS)]}
        else:
            values = {"comparisons": comparisons + toolbox, "toolbox": []}
        conn.execute(sa.update(WORKSHOP).where(WORKSHOP.c.id == wid).values(**values))


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("toolbox", sa.JSON(), nullable=False, server_default="[]"))
    _move(split=True)


def downgrade() -> None:
    _move(split=False)
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("toolbox")
