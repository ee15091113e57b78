"""The database rule under load (issue 10): slow work blocks no one, two worker processes behave
like one, and a staff login ends after idle time counted from the last request."""

import inspect
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI, HTTPException
from sqlalchemy import event, func, insert
from sqlmodel import select

from app.auth import sessions
from app.db import ReadSession, WriteSession, get_engine
from app.main import app
from app.models import Response
from app.models.common import utcnow
from app.models.drafts import Housekeeping
from app.models.results import RESPONSES, ResultTally
from app.web import routing
from app.web.routing import Router
from tests.client import TestClient
from tests.conftest import make_staff
from tests.helpers import campaign_body, free_port, http, response_body, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
SUBMIT = "/api/v1/campaigns/testkampanje/responses"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


@pytest.fixture
def campaign(client, auth):
    assert client.post("/api/v1/campaigns", json=campaign_body(), headers=auth).status_code == 201


def test_a_password_check_in_progress_blocks_no_submission_page_or_health_check(
        client, session, campaign, monkeypatch):
    """Replays the mixed load of the issue, one of each, with a login held inside argon2: the
    submission, the resident page, a phone typing a workshop code and /healthz all finish while
    the password is still being checked (before, the login held the SQLite write lock)."""
    inside, release = threading.Event(), threading.Event()
    real_verify = sessions.passwords.verify

    def slow_verify(password: str, stored: str) -> bool:
        inside.set()
        release.wait(20)  # never forever: a regression fails below instead of hanging
        return real_verify(password, stored)

    monkeypatch.setattr(sessions.passwords, "verify", slow_verify)
    username, _ = make_staff(session)
    outcome: list[int] = []

    def wrong_login() -> None:
        with TestClient(app) as c:
            form = c.get("/staff/login")
            r = c.post("/staff/login", data={"username": username, "password": "wrong",
                                             "csrf": csrf_of(form.text)})
            outcome.append(r.status_code)

    login = threading.Thread(target=wrong_login)
    login.start()
    assert inside.wait(20)
    finished_while_hashing = []
    with TestClient(app) as other:
        assert other.post(SUBMIT, json=response_body()).status_code == 201
        assert other.get("/k/testkampanje").status_code == 200
        phone = other.get("/v")
        assert other.post("/v", data={"code": "WRONGCODE1", "csrf": csrf_of(phone.text)}).status_code < 500
        assert other.get("/healthz").json() == {"status": "ok"}
        finished_while_hashing.append(not release.is_set() and login.is_alive())
    release.set()
    login.join(30)
    assert finished_while_hashing == [True]
    assert outcome == [400]  # the wrong password is still refused and counted


@pytest.fixture
def two_workers():
    """The real app in two uvicorn worker processes on the test database."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--workers", "2",
         "--log-level", "warning"], cwd=ROOT, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(30)


def test_two_worker_processes_store_every_submission_once(client, session, campaign, two_workers):
    """Concurrent submissions, each sent twice, spread over two processes: all accepted, each
    stored once, and the running tallies count every one."""
    bodies = [response_body(area="sentrum" if i % 2 else "nord") for i in range(120)]
    statuses: list[int] = []

    def send(body: dict) -> None:
        with http(base_url=two_workers, timeout=60) as c:
            statuses.extend(c.post(SUBMIT, json=body).status_code for _ in range(2))

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, bodies))
    assert sorted(set(statuses)) == [200, 201] and statuses.count(201) == len(bodies)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Response)) == len(bodies)
    counted = session.scalar(select(func.sum(ResultTally.count)).where(ResultTally.theme == RESPONSES))
    assert counted == len(bodies)


def test_a_staff_login_works_on_either_worker(client, session, two_workers):
    username, _ = make_staff(session)
    with http(base_url=two_workers, timeout=60) as c:
        form = c.get("/staff/login")
        r = c.post("/staff/login", data={"username": username, "password": "correct horse battery",
                                         "csrf": csrf_of(form.text), "next": "/staff"})
        assert r.status_code == 303
        # Several requests: the workers take turns, and each must know the login.
        assert {c.get("/staff").status_code for _ in range(8)} == {200}


def _login(client, session) -> str:
    username, _ = make_staff(session)
    form = client.get("/staff/login")
    client.post("/staff/login", data={"username": username, "password": "correct horse battery",
                                      "csrf": csrf_of(form.text)}, follow_redirects=False)
    return client.cookies[sessions.COOKIE].partition(".")[0]


def test_idle_time_counts_from_the_last_request(client, session):
    token = _login(client, session)
    idle = sessions.idle_seconds()
    now = int(time.time())
    client.cookies.set(sessions.COOKIE, sessions.cookie_value(token, now - idle + 120))
    r = client.get("/staff", follow_redirects=False)
    assert r.status_code == 200  # used two minutes before the limit: still in
    renewed = sessions.read_cookie(r.cookies[sessions.COOKIE])
    assert renewed is not None and renewed.token == token and renewed.seen >= now  # the clock restarts
    client.cookies.set(sessions.COOKIE, sessions.cookie_value(token, now - idle - 1))
    assert client.get("/staff", follow_redirects=False).status_code == 303  # idle too long: out


def test_a_forged_last_request_time_does_not_extend_a_login(client, session):
    token = _login(client, session)
    stale = sessions.cookie_value(token, int(time.time()) - sessions.idle_seconds() - 1)
    forged = stale.rsplit(".", 2)[0] + f".{int(time.time())}." + stale.rsplit(".", 1)[1]
    client.cookies.set(sessions.COOKIE, forged)
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_a_get_cannot_write_through_its_session():
    from app.db import ReadOnlyViolation, read_only, unit_of_work
    from app.models import Organisation

    with read_only() as s, pytest.raises(ReadOnlyViolation):
        s.add(Organisation(slug="x", name="X"))
        s.flush()
    # A statement sent through it is refused too, and a write session is not touched by the rule.
    with read_only() as s, pytest.raises(ReadOnlyViolation):
        s.execute(insert(Organisation).values(slug="y", name="Y"))
    with unit_of_work() as s:
        s.execute(insert(Organisation).values(slug="z", name="Z"))
    with read_only() as s:
        assert list(s.execute(select(Organisation.slug)).scalars()) == ["z"]


def test_a_sqlite_writer_hands_its_turn_on_however_its_transaction_ends(tmp_path):
    """The in-process write turn (app/db.py) is free again after a commit, a rollback, an error
    inside the transaction, a refused BEGIN and a closed connection: a turn left held would make
    every later writer in the process wait out the busy timeout."""
    from sqlalchemy import text

    from app.db import _TURNS, make_engine

    path = tmp_path / "turns.db"
    engine = make_engine(f"sqlite:///{path}")
    writer = engine.execution_options(writer=True)
    with writer.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER PRIMARY KEY)"))
    turn = _TURNS[str(path)]
    assert not turn.locked()

    with writer.begin() as conn:  # commit
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert turn.locked()  # held from BEGIN IMMEDIATE ...
    assert not turn.locked()  # ... to the COMMIT

    with pytest.raises(Exception, match="UNIQUE"), writer.begin() as conn:  # error, rollback
        conn.execute(text("INSERT INTO t VALUES (1)"))
    assert not turn.locked()

    conn = writer.connect()  # an explicit rollback, and a close with nothing open
    conn.execute(text("INSERT INTO t VALUES (2)"))
    conn.rollback()
    assert not turn.locked()
    conn.execute(text("INSERT INTO t VALUES (3)"))
    conn.invalidate()  # the connection dies mid-transaction: closed, not rolled back
    conn.close()
    assert not turn.locked()

    # Another process holds SQLite's own write lock: BEGIN IMMEDIATE is refused after the busy
    # timeout, and the turn taken for it is given back.
    other = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(30)"), str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "locked"
        with pytest.raises(Exception, match="locked"), writer.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA busy_timeout=50")  # before BEGIN
            conn.execute(text("INSERT INTO t VALUES (4)"))
        assert not turn.locked()
    finally:
        other.kill()
        other.wait()
    with writer.begin() as conn:  # and the next writer goes straight in
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1
    engine.dispose()


def test_the_driver_path_stores_what_sqlalchemy_would_and_raises_its_errors(session):
    """app.db.execute_on_driver (the submit path): a datetime comes back the same as one written
    through SQLAlchemy, and a refused row raises SQLAlchemy's IntegrityError and leaves nothing."""
    from datetime import UTC, datetime

    from sqlalchemy import exc, insert, select, text

    from app.db import execute_on_driver, unit_of_work
    from app.models.drafts import Housekeeping

    table = Housekeeping.__table__
    when = datetime(2026, 12, 1, 21, 5, 7, 123456, tzinfo=UTC)
    with unit_of_work() as s:
        execute_on_driver(s.connection(), insert(table), {"name": "driver", "last_run_at": when})
        s.connection().execute(insert(table), {"name": "core", "last_run_at": when})
    with unit_of_work() as s:
        stored = dict(s.connection().execute(select(table.c.name, table.c.last_run_at)).all())
        assert stored["driver"] == stored["core"] == when
    with pytest.raises(exc.IntegrityError), unit_of_work() as s:
        execute_on_driver(s.connection(), insert(table), {"name": "later", "last_run_at": when})
        execute_on_driver(s.connection(), insert(table), {"name": "driver", "last_run_at": when})
    with unit_of_work() as s:
        names = s.connection().execute(text("SELECT name FROM housekeeping")).scalars().all()
        assert sorted(names) == ["core", "driver"]


def _where() -> tuple[int, bool]:
    """This thread, and whether the route's own call (app/web/routing.py) is on the stack."""
    return threading.get_ident(), any(f.filename == routing.__file__ for f in inspect.stack(0))


def _housekeeping_app(seen: dict) -> FastAPI:
    """A small app with the real session dependencies on the test database."""
    router = Router()

    @router.post("/mark/{name}")
    def mark(name: str, session: WriteSession, fail: bool = False) -> dict:
        seen["route"] = threading.get_ident()
        event.listen(session, "after_commit", lambda _s: seen.setdefault("commit", _where()))
        event.listen(session, "after_rollback", lambda _s: seen.setdefault("rollback", _where()))
        session.add(Housekeeping(name=name, last_run_at=utcnow()))
        session.flush()
        if fail:
            raise HTTPException(409, "refused after the insert")
        return {"marked": name}

    @router.get("/marks")
    def marks(session: ReadSession) -> list[str]:
        return sorted(session.exec(select(Housekeeping.name)).all())

    small = FastAPI()
    small.include_router(router)
    return small


def test_a_route_commits_or_rolls_back_once_in_its_own_thread(session):
    """The unit of work ends within the route's own call (its thread, no hand-off), exactly once:
    committed when the route returns, rolled back when it raises; the read route sees only the
    committed row."""
    seen: dict = {}
    with TestClient(_housekeeping_app(seen)) as c:
        assert c.post("/mark/kept").json() == {"marked": "kept"}
        assert seen["commit"] == (seen["route"], True) and "rollback" not in seen
        seen.clear()
        assert c.post("/mark/undone?fail=true").status_code == 409
        assert seen["rollback"] == (seen["route"], True) and "commit" not in seen
        assert c.get("/marks").json() == ["kept"]
    assert get_engine().pool.checkedout() == 0  # every connection given back
