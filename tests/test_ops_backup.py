"""`medvirk backup` and `medvirk restore` on the suite's database (SQLite's online backup, or
pg_dump and one psql transaction), and a SIGTERM that lets the request in flight finish."""

import json
import signal
import socket
import time

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from app.cli import cli
from app.db import get_engine, read_only
from app.models import Response
from tests.helpers import campaign_body, response_body
from tests.test_deploy_base_url import served


def _responses() -> int:
    with read_only() as s:
        return s.exec(select(func.count()).select_from(Response)).one()


@pytest.fixture
def campaign(client, auth):
    assert client.post("/api/v1/campaigns", json=campaign_body(), headers=auth).status_code == 201
    return "testkampanje"


def _submit(client, slug: str, n: int) -> None:
    for _ in range(n):
        assert client.post(f"/api/v1/campaigns/{slug}/responses", json=response_body()).status_code == 201


def test_backup_then_restore_brings_back_exactly_what_was_backed_up(client, campaign, session, tmp_path):
    session.close()  # the restore replaces tables: no transaction of this test may hold them
    _submit(client, campaign, 3)
    runner = CliRunner()
    target = tmp_path / "medvirk.backup"
    made = runner.invoke(cli, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.read_bytes()[:5] in (b"SQLit", b"PGDMP")

    _submit(client, campaign, 2)
    assert _responses() == 5
    again = runner.invoke(cli, ["backup", str(target)])
    assert again.exit_code == 1 and "exists already" in again.output  # never overwrites

    kept = runner.invoke(cli, ["restore", str(target)], input="n\n")  # asked, and said no
    assert kept.exit_code == 1 and _responses() == 5

    done = runner.invoke(cli, ["restore", str(target), "--yes"])
    assert done.exit_code == 0, done.output
    get_engine().dispose()
    assert _responses() == 3
    assert client.get("/readyz").json() == {"status": "ready"}
    _submit(client, campaign, 1)  # the restored database takes new answers
    assert _responses() == 4


def test_restore_refuses_what_is_not_a_backup_of_this_kind_and_changes_nothing(client, campaign, tmp_path):
    _submit(client, campaign, 2)
    runner = CliRunner()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database", encoding="utf-8")
    wrong = runner.invoke(cli, ["restore", str(junk), "--yes"])
    assert wrong.exit_code == 1 and "not a Medvirk backup" in wrong.output
    other = tmp_path / "other.backup"
    sqlite = get_engine().dialect.name == "sqlite"
    other.write_bytes(b"PGDMP" if sqlite else b"SQLite format 3\x00" + bytes(84))
    mixed = runner.invoke(cli, ["restore", str(other), "--yes"])
    assert mixed.exit_code == 1 and "but the configured database is" in mixed.output
    missing = runner.invoke(cli, ["restore", str(tmp_path / "gone.backup"), "--yes"])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert _responses() == 2


def test_sigterm_lets_the_request_in_flight_finish(client, campaign, tmp_path):
    """The request is inside the app (its body asked for with 100-continue) when SIGTERM comes:
    the server stops listening, answers that request, stores it, and only then exits."""
    body = json.dumps(response_body()).encode()
    with served(tmp_path) as server:
        port = int(server.base.rsplit(":", 1)[1])
        conn = socket.create_connection(("127.0.0.1", port), timeout=60)
        conn.sendall((f"POST /api/v1/campaigns/{campaign}/responses HTTP/1.1\r\nHost: x\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                      "Expect: 100-continue\r\n\r\n").encode())
        assert conn.recv(100).startswith(b"HTTP/1.1 100")  # the app is reading the body now
        server.proc.send_signal(signal.SIGTERM)
        for _ in range(600):  # shutting down: no new connection is accepted
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("still accepting connections after SIGTERM")
        assert server.proc.poll() is None  # still finishing the request in flight
        conn.sendall(body)
        answer = conn.recv(65536)
        conn.close()
        assert answer.startswith(b"HTTP/1.1 201"), answer[:200]
        assert server.stop() in (0, -signal.SIGTERM)
    assert _responses() == 1
