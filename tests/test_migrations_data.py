"""Every migration, one at a time, on a database that holds rows in every table that exists so far:
nothing is lost, no foreign key breaks, and a migration that would break one is rolled back."""

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text

from app.config import ROOT
from app.db import get_engine, make_engine
from app.ops.migrations import alembic_config


@contextmanager
def scratch_database(tmp_path: Path) -> Iterator[Engine]:
    """An empty database of the suite's kind: a new SQLite file, or a new PostgreSQL schema."""
    suite = get_engine()
    if suite.dialect.name == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'upgrade.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"upgrade_{uuid.uuid4().hex[:10]}"
    with suite.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(suite.url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with suite.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def upgrade(engine: Engine, revision: str, script_location: Path | None = None) -> None:
    config = alembic_config()
    if script_location is not None:
        config.set_main_option("script_location", str(script_location))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _value(table: sa.Table, column: sa.Column, n: int, parents: dict[str, dict[str, Any]]) -> Any:
    for fk in column.foreign_keys:
        parent = parents.get(fk.column.table.name)
        if parent is None:  # a table pointing at itself: only when it may be empty
            return None
        return parent[fk.column.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return n % 2 == 0
    if isinstance(kind, sa.Integer):
        return n
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    if isinstance(kind, sa.Date):
        return date(2026, 3, 1)
    if isinstance(kind, sa.Float | sa.Numeric):
        return 3.5
    if isinstance(kind, sa.JSON):
        return {}
    length = getattr(kind, "length", None) or 40
    return f"{table.name[:6]}{n}-{uuid.uuid4().hex}"[:length]


def reflected(engine: Engine) -> sa.MetaData:
    """The tables the database holds now."""
    meta = sa.MetaData()
    meta.reflect(engine)
    return meta


def fill(engine: Engine, n: int, meta: sa.MetaData) -> dict[str, int]:
    """Add one row to every table (parents first); returns each table's row count afterwards."""
    rows: dict[str, dict[str, Any]] = {}
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            row = {c.name: _value(table, c, n, rows) for c in table.columns}
            conn.execute(table.insert().values(**row))
            rows[table.name] = row
    return counts(engine, meta)


def counts(engine: Engine, meta: sa.MetaData | None = None) -> dict[str, int]:
    """Each table's row count, in one statement."""
    tables = [t for t in (meta or reflected(engine)).sorted_tables if t.name != "alembic_version"]
    query = sa.select(*(sa.select(sa.func.count()).select_from(t).scalar_subquery().label(t.name)
                        for t in tables))
    with engine.connect() as conn:
        return dict(conn.execute(query).one()._mapping)


def broken_foreign_keys(engine: Engine) -> list:
    if engine.dialect.name != "sqlite":
        return []  # PostgreSQL never lets one through: a violation fails the statement
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA foreign_key_check")).fetchall()


def test_a_database_with_rows_everywhere_upgrades_through_every_migration(tmp_path):
    """After each migration, rows go into every table there is; each later migration must keep
    all of them (the batch copies of SQLite used to fail or cascade with foreign keys on)."""
    with scratch_database(tmp_path) as engine:
        seen: dict[str, int] = {}
        for n, revision in enumerate(revisions(), start=1):
            upgrade(engine, revision)
            meta = reflected(engine)
            after = counts(engine, meta)
            lost = {t: (seen[t], after.get(t)) for t in seen if after.get(t, 0) < seen[t]}
            assert lost == {}, f"migration {revision} lost rows: {lost}"
            assert broken_foreign_keys(engine) == []
            seen = fill(engine, n, meta)
        assert len(seen) > 25 and all(count >= 1 for count in seen.values())
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == revisions()[-1]


def test_foreign_keys_are_on_again_after_a_migration(tmp_path):
    if get_engine().dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL never switches foreign keys off")
    with scratch_database(tmp_path) as engine:
        upgrade(engine, "head")
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


BAD_MIGRATION = '''"""leaves a response pointing at a campaign that is gone"""
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM campaign")


def downgrade() -> None:
    pass
'''


def test_a_migration_that_breaks_a_foreign_key_is_rolled_back_whole(tmp_path):
    """With foreign keys off nothing stops the DELETE; the check before the commit must."""
    if get_engine().dialect.name != "sqlite":
        pytest.skip("SQLite only: on PostgreSQL the DELETE itself fails")
    scripts = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = revisions()[-1]
    (scripts / "versions" / "9999_bad.py").write_text(BAD_MIGRATION.format(head=head), encoding="utf-8")
    with scratch_database(tmp_path) as engine:
        upgrade(engine, "head")
        before = fill(engine, 1, reflected(engine))
        with pytest.raises(Exception, match="break a foreign key"):
            upgrade(engine, "head", scripts)
        assert counts(engine) == before
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
