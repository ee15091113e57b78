"""Alembic from inside the app: no alembic.ini needed, so an installed package migrates too."""

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlmodel import Session

from app.config import ROOT

# The PostgreSQL advisory lock every migrator holds (migrations/env.py); "medvirk" in ASCII.
MIGRATION_LOCK = 0x6D65647669726B


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped with the app."""
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


def upgrade() -> None:
    """Apply every migration to the configured database (PostgreSQL: one migrator at a time)."""
    command.upgrade(alembic_config(), "head")


@lru_cache
def heads() -> frozenset[str]:
    """The revisions the code expects the database to be at."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def current(connection: Connection) -> frozenset[str]:
    """The revisions the database says it is at (empty before the first migration)."""
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def one_setup_at_a_time(session: Session) -> None:
    """On PostgreSQL, hold the migrators' lock for the rest of this transaction: two hosts running
    `medvirk setup` together load the survey definitions one after the other, not both at once."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
