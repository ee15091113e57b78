"""survey versions and scales per campaign: each response and draft records the version it
answers, and the running tallies count each version apart (so scales never mix)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01

`response.survey_slug` and `response_draft.survey_slug` are NULL for the campaign's own survey
(every row made before) and the version's slug otherwise. The tally keys get a `survey` column
right after the campaign ("" for the campaign's own survey); 0020 adds `shard` after the key.
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

TALLIES = ("result_tally", "result_profile_tally")


def _key(table: str) -> list[str]:
    return sa.inspect(op.get_bind()).get_pk_constraint(table)["constrained_columns"]


def upgrade() -> None:
    for table in ("response", "response_draft"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('survey_slug', sa.String(length=64), nullable=True))
    for table in TALLIES:
        key = [c for c in _key(table) if c != "survey"]
        with op.batch_alter_table(table, table_kwargs={"sqlite_with_rowid": False}) as batch:
            batch.add_column(sa.Column("survey", sa.String(length=64), nullable=False, server_default=""))
            batch.drop_constraint(f"pk_{table}", type_="primary")
            batch.create_primary_key(f"pk_{table}", [key[0], "survey", *key[1:]])


def downgrade() -> None:
    for table in TALLIES:
        key = [c for c in _key(table) if c != "survey"]
        # Counts of the other versions cannot stay: without the column they would mix scales.
        op.execute(sa.text(f"DELETE FROM {table} WHERE survey <> ''"))  # noqa: S608
        with op.batch_alter_table(table, table_kwargs={"sqlite_with_rowid": False}) as batch:
            batch.drop_constraint(f"pk_{table}", type_="primary")
            batch.create_primary_key(f"pk_{table}", key)
            batch.drop_column("survey")
    for table in ("response_draft", "response"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('survey_slug')
