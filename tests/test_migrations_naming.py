"""The naming convention: every constraint in the database carries the models' name, and
migration 0009 gives databases made before it those names without losing a row."""

import os
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from app.config import PACKAGE
from app.db import get_engine
from app.ops.migrations import MIGRATION_LOCK, heads
from tests.test_migrations_data import counts, fill, reflected, scratch_database, upgrade

ROOT = PACKAGE.parent
KINDS = (sa.PrimaryKeyConstraint, sa.ForeignKeyConstraint, sa.UniqueConstraint)


def _names_in(conn, table: str) -> set[str | None]:
    ins = inspect(conn)
    return ({ins.get_pk_constraint(table)["name"]} | {f["name"] for f in ins.get_foreign_keys(table)}
            | {u["name"] for u in ins.get_unique_constraints(table)})


def test_every_constraint_has_the_name_the_models_give_it():
    wrong = {}
    with get_engine().connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            want = {str(c.name) for c in table.constraints if isinstance(c, KINDS)}
            got = _names_in(conn, table.name)
            if want != got:
                wrong[table.name] = {"models": sorted(want - got), "database": sorted(map(str, got - want))}
    assert wrong == {}, "name the constraints in the migration (autogenerate writes op.f(...) names)"


def test_0009_names_the_constraints_of_an_older_database_and_keeps_its_rows(tmp_path):
    with scratch_database(tmp_path) as engine:
        upgrade(engine, "0008")
        before = fill(engine, 1, reflected(engine))
        with engine.connect() as conn:
            old = _names_in(conn, "organisation")
        # PostgreSQL made its own names up; SQLite kept none.
        assert old == ({"organisation_pkey", "organisation_slug_key"} if engine.dialect.name == "postgresql"
                       else {None})
        upgrade(engine, "0009")
        with engine.connect() as conn:
            assert _names_in(conn, "organisation") == {"pk_organisation", "uq_organisation_slug"}
            assert _names_in(conn, "response") >= {"pk_response", "fk_response_campaign_id",
                                                   "fk_response_area_id", "fk_response_session_id"}
        assert counts(engine) == before


def test_two_hosts_set_up_at_once_and_take_turns():
    """Two hosts running `medvirk setup` together: each waits for the lock, then one migrates and
    loads the survey definitions, and the other finds nothing to do (both used to insert them)."""
    if get_engine().dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serves one host")
    with scratch_database(None) as engine:  # type: ignore[arg-type]
        with engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        env = dict(os.environ, DATABASE_URL=get_engine().url.render_as_string(hide_password=False),
                   PGOPTIONS=f"-csearch_path={schema}")
        with engine.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            holder.commit()
            setup = [sys.executable, "-c", "from app.cli import main; main()", "setup", "--no-demo-data"]
            hosts = [subprocess.Popen(setup, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
            waiting = 0
            for _ in range(1200):  # both queue on the lock, having done nothing yet
                waiting = holder.execute(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).scalar_one()
                holder.commit()
                if waiting >= 2 or any(h.poll() is not None for h in hosts):
                    break
                time.sleep(0.05)
            assert waiting >= 2
            assert counts(engine) == {}
            holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
            holder.commit()
        errors = [h.communicate(timeout=300)[1] for h in hosts]
        assert [h.returncode for h in hosts] == [0, 0], errors
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        assert {version} == set(heads())
