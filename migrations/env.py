"""Alembic environment: the URL comes from the app's settings; SQLite uses batch mode.

- PostgreSQL: every migrator first takes one advisory lock, so two hosts starting at once migrate
  one after the other (the second then finds the database at head and does nothing).
- Autogenerate writes every constraint name out (op.f(...)) from the models' naming convention.
- SQLite: batch mode copies a table and drops the old one, which fails (or cascades) with foreign
  keys on once rows exist. They are switched off for the migration and checked before it commits:
  a violation rolls everything back.
"""

from alembic import context
from sqlalchemy import Connection, text
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table)
from app.config import get_settings
from app.db import make_engine
from app.models.common import UTCDateTime
from app.ops.migrations import MIGRATION_LOCK

target_metadata = SQLModel.metadata


class ForeignKeyViolation(RuntimeError):
    """A migration left rows pointing at nothing; it was rolled back."""


def run_migrations_online() -> None:
    """Run against the configured database, or a connection handed in by the caller."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(get_settings().database_url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _comparing() -> bool:
    """True when autogenerate compares the models with the database (check, revision)."""
    try:
        context.get_revision_argument()  # only upgrade, downgrade and stamp have one
    except KeyError:
        return True
    return False


def _render_item(type_, obj, _context):  # type: ignore[no-untyped-def]
    """Write our column types as plain SQLAlchemy ones, so migrations never import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    # The pragma is a no-op inside a transaction, so it goes straight to the driver, outside one.
    if connection.in_transaction():
        connection.commit()
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken:
        rows = ", ".join(f"{r[0]} row {r[1]} -> {r[2]}" for r in broken[:10])
        raise ForeignKeyViolation(f"migration rolled back: {len(broken)} rows break a foreign key ({rows})")


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(connection, on=False)
    context.configure(
        connection=connection,
        # Comparing needs the models. Migrating does not, and must not hand their naming convention
        # to old migrations: an unnamed constraint in 0001 keeps the name it always had, and 0009
        # renames old and fresh databases alike.
        target_metadata=target_metadata if _comparing() else None,
        render_as_batch=sqlite,
        compare_type=True,
        render_item=_render_item,
        # SQLite's DDL is transactional: one transaction, so the foreign key check below sees
        # every migration's work before anything is committed.
        transactional_ddl=True if sqlite else None,
    )
    try:
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Released when this transaction ends; alembic_version is read after it is held.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            context.run_migrations()
            if sqlite:
                _check_foreign_keys(connection)
        if connection.in_transaction():
            connection.commit()
    finally:
        if sqlite:
            if connection.in_transaction():
                connection.rollback()
            _sqlite_foreign_keys(connection, on=True)


run_migrations_online()
