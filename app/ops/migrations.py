"""Alembic from inside the app: no alembic.ini needed, so an installed package migrates too."""

from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlmodel import Session

from app.config import ROOT

# Alembic is imported where it is used: it is a tenth of every server process's start-up, and only
# `medvirk setup` and /readyz need it.
if TYPE_CHECKING:
    from alembic.config import Config

# The PostgreSQL advisory lock every migrator holds (migrations/env.py); "medvirk" in ASCII.
MIGRATION_LOCK = 0x6D65647669726B


def alembic_config() -> "Config":
    """Alembic's configuration, pointing at the migrations shipped with the app."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


def upgrade() -> None:
    """Apply every migration to the configured database (PostgreSQL: one migrator at a time)."""
    from alembic import command

    command.upgrade(alembic_config(), "head")


@lru_cache
def heads() -> frozenset[str]:
    """The revisions the code expects the database to be at."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def current(connection: Connection) -> frozenset[str]:
    """The revisions the database says it is at (empty before the first migration)."""
    from alembic.migration import MigrationContext

    return frozenset(MigrationContext.configure(connection).get_current_heads())


def one_setup_at_a_time(session: Session) -> None:
    """On PostgreSQL, hold the migrators' lock for the rest of this transaction: two hosts running
    `medvirk setup` together load the survey definitions one after the other, not both at once."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
