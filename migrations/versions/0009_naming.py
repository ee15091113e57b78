"""constraint naming convention (issue 12)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Every primary key, foreign key and unique constraint gets the name the models' naming convention
gives it (app/models/common.py), so later migrations can find them by name on both databases:

- PostgreSQL: the names PostgreSQL made up (`<table>_pkey`, `<table>_<cols>_fkey`,
  `<table>_<cols>_key`) are renamed; names a migration chose stay.
- SQLite keeps no names for unnamed constraints, so every table is rebuilt in batch mode with
  them (foreign keys are off during migrations and checked before the commit: migrations/env.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# A copy, not an import: a migration must keep meaning what it meant when it was written.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}
# Names chosen by migrations 0003 and 0007 that already follow the convention: never renamed back.
CHOSEN_BEFORE = {"fk_response_session_id", "uq_campaign_public_slug", "uq_campaign_organisation_slug"}


def _tables() -> list[str]:
    return [t for t in sa.inspect(op.get_bind()).get_table_names() if t != "alembic_version"]


def _name(kind: str, table: str, columns: list[str] | None = None) -> str:
    name = f"{kind}_{table}" + ("_" + "_".join(columns) if columns else "")
    assert len(name) <= 63, f"{name} is longer than PostgreSQL's 63 characters"
    return name


def _postgres_pairs(table: str) -> list[tuple[str, str]]:
    """(PostgreSQL's own name, the convention's name) for each constraint PostgreSQL named."""
    inspector = sa.inspect(op.get_bind())
    made_up = lambda name, suffix: bool(name) and name.startswith(f"{table}_") and name.endswith(suffix)  # noqa: E731
    pairs = []
    pk = inspector.get_pk_constraint(table)
    if made_up(pk.get("name"), "_pkey"):
        pairs.append((pk["name"], _name("pk", table)))
    for fk in inspector.get_foreign_keys(table):
        if made_up(fk["name"], "_fkey"):
            pairs.append((fk["name"], _name("fk", table, fk["constrained_columns"])))
    for uq in inspector.get_unique_constraints(table):
        if made_up(uq["name"], "_key"):
            pairs.append((uq["name"], _name("uq", table, uq["column_names"])))
    return pairs


def _rename(table: str, old: str, new: str) -> None:
    op.execute(sa.text(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{old}" TO "{new}"'))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _tables():
            # Reflected unnamed constraints take their names from NAMING; the copy keeps them.
            with op.batch_alter_table(table, recreate="always", naming_convention=NAMING):
                pass
        return
    for table in _tables():
        for old, new in _postgres_pairs(table):
            _rename(table, old, new)


def downgrade() -> None:
    # SQLite: names change nothing for the older code, and its migrations find them by the same names.
    if op.get_bind().dialect.name == "sqlite":
        return
    inspector = sa.inspect(op.get_bind())
    for table in _tables():
        pk = inspector.get_pk_constraint(table)
        if pk.get("name") == _name("pk", table):
            _rename(table, pk["name"], f"{table}_pkey")
        for fk in inspector.get_foreign_keys(table):
            if fk["name"] == _name("fk", table, fk["constrained_columns"]) and fk["name"] not in CHOSEN_BEFORE:
                _rename(table, fk["name"], f"{table}_{'_'.join(fk['constrained_columns'])}_fkey")
        for uq in inspector.get_unique_constraints(table):
            if uq["name"] == _name("uq", table, uq["column_names"]) and uq["name"] not in CHOSEN_BEFORE:
                _rename(table, uq["name"], f"{table}_{'_'.join(uq['column_names'])}_key")
