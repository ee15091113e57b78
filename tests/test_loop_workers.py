"""The fast loop (issue 12): every pytest-xdist worker tests on a database of its own, and only the
test suite hashes passwords at the cheap argon2 cost."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

from app.auth.service import passwords
from app.db import get_engine
from tests.conftest import worker_database_url

ROOT = Path(__file__).resolve().parent.parent

PROBE = '''
import os, time
from pathlib import Path
from sqlmodel import select
from app.auth.service import get_or_create_organisation
from app.db import get_engine, read_only, unit_of_work
from app.models import Organisation

def test_probe():
    me = os.environ["PYTEST_XDIST_WORKER"]
    assert f"_{me}" in str(get_engine().url.database)  # test_gw0 (PostgreSQL) or test_gw0.db (SQLite)
    assert os.environ["DATABASE_URL"] == get_engine().url.render_as_string(hide_password=False)
    with unit_of_work() as s:
        get_or_create_organisation(s, me, me)
    meeting = Path(os.environ["PROBE_DIR"])
    (meeting / me).touch()
    for _ in range(1200):  # both workers hold their row before either looks
        if len(list(meeting.iterdir())) == 2:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the other worker never arrived")
    with read_only() as s:
        assert list(s.exec(select(Organisation.slug))) == [me]
'''


def test_worker_databases_are_named_after_the_worker():
    pg = "postgresql+psycopg://postgres:secret@127.0.0.1:5432/test"
    assert worker_database_url(pg, "gw1") == "postgresql+psycopg://postgres:secret@127.0.0.1:5432/test_gw1"
    assert worker_database_url(pg, "") == pg
    assert worker_database_url("sqlite:////tmp/x/test.db", "gw0") == "sqlite:////tmp/x/test_gw0.db"
    first, second = worker_database_url(None, ""), worker_database_url(None, "")
    assert first.startswith("sqlite:///") and first != second


def test_this_process_tests_on_its_own_database():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = get_engine().url
    assert os.environ["DATABASE_URL"] == url.render_as_string(hide_password=False)
    if worker and url.get_backend_name() == "postgresql":
        assert url.database is not None and url.database.endswith(f"_{worker}")


def test_two_workers_at_the_same_moment_never_see_each_others_rows(tmp_path):
    """A nested run with two workers: each writes a row, waits until the other has written one,
    then must find only its own. A shared database shows both rows (or none, once one cleans up)."""
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}  # not this run's worker
    env["PROBE_DIR"] = str(meeting)
    ours = make_url(os.environ["DATABASE_URL"])
    created: list[str] = []
    if ours.get_backend_name() == "postgresql":
        base = f"{ours.database}_probe"  # the nested workers use {base}_gw0 and {base}_gw1
        env["DATABASE_URL"] = ours.set(database=base).render_as_string(hide_password=False)
        created = [f"{base}_gw0", f"{base}_gw1"]
    else:
        env.pop("DATABASE_URL", None)
    try:
        done = subprocess.run(
            # The probe needs xdist and our conftest only: the schemathesis and hypothesis plugins
            # would add seconds to each of the three processes' start.
            [sys.executable, "-m", "pytest", "-n", "2", "--dist", "each", "-p", "tests.conftest",
             "-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:anyio",
             "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(tmp_path / "test_probe.py")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    finally:
        _drop(ours, created)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "2 passed" in done.stdout


def _drop(ours, names: list[str]) -> None:
    """Drop the databases the nested run made (they exist only for it)."""
    if not names:
        return
    admin = create_engine(ours.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.dispose()


def test_the_suite_hashes_at_the_cheap_cost_and_production_keeps_the_recommended_one(tmp_path):
    assert passwords.hash("x").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    env = {k: v for k, v in os.environ.items() if k != "MEDVIRK_ARGON2_COST"}
    code = ("from app.config import get_settings; from app.auth.service import passwords; "
            "print(get_settings().argon2_cost, passwords.hash('x'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=120)
    cost, hashed = out.stdout.split()
    assert cost == "recommended"
    # The recommended time and memory cost, in one lane: argon2 takes at most one core (OneCore).
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    # Either cost verifies the other's hashes: a hash is read by the parameters it carries.
    assert passwords.verify("x", hashed)
