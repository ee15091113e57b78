"""Test fixtures: a real database (SQLite by default, PostgreSQL via DATABASE_URL) built by the
Alembic migrations, emptied after every test, and a TestClient over the real app.

Under pytest-xdist (`make test` runs `pytest -n ...`) every worker has a database of its own: a
SQLite file in its own temporary folder, or on PostgreSQL the URL's database name plus the worker's
id (`test` -> `test_gw0`, `test_gw1`), created on first use through the `postgres` database."""

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool


def _create_database(url: str) -> None:
    """Create the URL's PostgreSQL database unless it exists (it is kept for the next run)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT",
                          poolclass=NullPool)
    with admin.connect() as conn:
        found = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(name)s",
                                     {"name": target.database}).first()
        if found is None:
            # template0 accepts no connections, so no one else's session can block the copy.
            conn.exec_driver_sql(f'CREATE DATABASE "{target.database}" TEMPLATE template0')
        # A test database needs no durability across a crash of the server: commits return without
        # waiting for the disk (thousands of them per run).
        conn.exec_driver_sql(f'ALTER DATABASE "{target.database}" SET synchronous_commit = off')
    admin.dispose()


def worker_database_url(url: str | None, worker: str) -> str:
    """The database this process tests on; `worker` is xdist's id (gw0, gw1, ...) or empty."""
    if not url:
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='medvirk-test-')) / 'test.db'}"
    if not worker:
        return url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "test.db")
        own = parsed.set(database=str(path.with_name(f"{path.stem}_{worker}{path.suffix}")))
    else:
        own = parsed.set(database=f"{parsed.database}_{worker}")
    return own.render_as_string(hide_password=False)


# Settings are read once, so the database must be chosen before the app is imported; subprocesses
# (uvicorn workers started by tests) inherit this worker's DATABASE_URL from the environment.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MADE_HERE = not os.environ.get("DATABASE_URL")  # a temporary SQLite folder, removed at the end
os.environ["DATABASE_URL"] = worker_database_url(os.environ.get("DATABASE_URL"), WORKER)
if WORKER and not os.environ["DATABASE_URL"].startswith("sqlite"):
    _create_database(os.environ["DATABASE_URL"])
os.environ.setdefault("MEDVIRK_SECRET_KEY", "test-secret")
# Public results move on only when a test cuts a release, never in a background thread mid-test.
os.environ.setdefault("MEDVIRK_RELEASE_EVERY_SECONDS", "0")
# The cheap argon2 cost (tests only): thousands of test logins at production cost took minutes.
os.environ.setdefault("MEDVIRK_ARGON2_COST", "minimal")

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from app.auth.service import create_token, create_user, get_or_create_organisation  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import get_engine, unit_of_work  # noqa: E402
from app.main import app  # noqa: E402
from app.surveys.service import sync_definitions  # noqa: E402
from tests.client import TestClient  # noqa: E402

KEEP = {"survey_definition", "alembic_version"}


def _reset_schema() -> None:
    """Start from an empty database so only the migrations build the schema."""
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the temporary folder this process made: under xdist the controller's, which holds
    every worker's file, once all workers are done."""
    if MADE_HERE:
        get_engine().dispose()
        shutil.rmtree(Path(str(make_url(os.environ["DATABASE_URL"]).database)).parent, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[None]:
    _reset_schema()
    migrate()
    with unit_of_work() as session:
        sync_definitions(session)
    yield
    get_engine().dispose()


@pytest.fixture(autouse=True)
def clean_tables(database: None) -> Iterator[None]:
    """Empty every table after each test (the survey definitions stay loaded)."""
    yield
    tables = [t for t in reversed(SQLModel.metadata.sorted_tables) if t.name not in KEEP]
    with get_engine().begin() as conn:
        if conn.dialect.name == "postgresql":
            # One round trip instead of one per table: a fifth of the time, after every test.
            conn.exec_driver_sql("; ".join(f'DELETE FROM "{t.name}"' for t in tables))
            return
        for table in tables:
            conn.execute(table.delete())


@pytest.fixture
def session() -> Iterator[Session]:
    with Session(get_engine()) as s:
        yield s


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def make_staff(session: Session, role: str = "admin", org: str = "testby") -> tuple[str, str]:
    """A user with a token in an organisation; returns (username, token)."""
    if not session.in_transaction():
        # Take SQLite's write lock at the first statement (BEGIN IMMEDIATE, waiting its turn): a
        # server the test started may write in the background (housekeeping on its first request),
        # and a transaction that read before that write could not write at all (SQLITE_BUSY_SNAPSHOT).
        session.connection(execution_options={"writer": True})
    organisation = get_or_create_organisation(session, org, org.title())
    username = f"{role}-{uuid.uuid4().hex[:6]}"
    create_user(session, username, role, organisation, password="correct horse battery")
    token = create_token(session, username)
    session.commit()  # services only flush; the test is the unit of work here
    return username, token


@pytest.fixture
def staff_token(session: Session) -> str:
    return make_staff(session)[1]


@pytest.fixture
def auth(staff_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {staff_token}"}
