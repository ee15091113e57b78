"""Test fixtures: a real database (SQLite by default, PostgreSQL via DATABASE_URL) built by the
Alembic migrations, emptied after every test, and a TestClient over the real app."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Settings are read once, so the database must be chosen before the app is imported.
if not os.environ.get("DATABASE_URL"):
    _tmp = Path(tempfile.mkdtemp(prefix="medvirk-test-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp / 'test.db'}"
os.environ.setdefault("MEDVIRK_SECRET_KEY", "test-secret")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from app.auth.service import create_token, create_user, get_or_create_organisation  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import get_engine, unit_of_work  # noqa: E402
from app.main import app  # noqa: E402
from app.surveys.service import sync_definitions  # noqa: E402

KEEP = {"survey_definition", "alembic_version"}


def _reset_schema() -> None:
    """Start from an empty database so only the migrations build the schema."""
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


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
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name not in KEEP:
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
