"""Drafts are capped per client, purged once a day by one worker, keep no codes, and no resume
token or code reaches an access log."""

import logging
import socket
import threading
import time
from datetime import timedelta

import pytest
import uvicorn
from sqlalchemy import inspect, text
from sqlmodel import select

from app import cli
from app.common.logfilter import redact
from app.common.periodic import Periodic
from app.db import get_engine
from app.main import app
from app.models.common import utcnow
from app.models.drafts import Draft, DraftStart
from app.responses import drafts
from tests.client import TestClient
from tests.helpers import http
from tests.resident_support import Resident, open_campaign, responses

ADDRESS = ("192.0.2.80", 40000)


@pytest.fixture
def campaign(session):
    return open_campaign(session)


def test_new_drafts_are_capped_per_client_and_a_kept_draft_goes_on(session, campaign, monkeypatch):
    monkeypatch.setattr(drafts, "DRAFTS_PER_HOUR", 4)
    browser = TestClient(app, client=ADDRESS)
    for _ in range(drafts.DRAFTS_PER_HOUR):
        r = Resident(browser)
        assert r.start().status_code == 303
        browser.cookies.delete(drafts.COOKIE)  # a script that throws its draft away and starts again
    refused = Resident(browser).start()
    assert refused.status_code == 429 and "prøv igjen senere" in refused.text.lower()
    session.rollback()
    assert len(session.exec(select(Draft)).all()) == drafts.DRAFTS_PER_HOUR  # nothing stored
    # A phone that keeps its cookie goes on with its own draft, cap or no cap.
    keeper = Resident(TestClient(app, client=ADDRESS))
    monkeypatch.setattr(drafts, "DRAFTS_PER_HOUR", 5)
    assert keeper.start().status_code == 303
    monkeypatch.setattr(drafts, "DRAFTS_PER_HOUR", 4)
    assert keeper.start().headers["location"] == "/k/demo/tema/1"
    assert keeper.answer(1).status_code == 303
    # Another address is another client.
    assert Resident(TestClient(app, client=("192.0.2.81", 40000))).start().status_code == 303
    # Only keyed hashes are counted, apart from the drafts; no column could hold an address.
    session.rollback()
    keys = {s.key_hash for s in session.exec(select(DraftStart))}
    assert len(keys) == 2 and all(len(k) == 64 and "192.0.2" not in k for k in keys)
    for table in ("draft_start", "response_draft"):
        columns = {c["name"] for c in inspect(get_engine()).get_columns(table)}
        assert not {c for c in columns if any(w in c for w in ("ip", "agent", "addr", "host"))}


def test_the_daily_purge_runs_once_whatever_the_number_of_workers(session, campaign):
    Resident(TestClient(app)).start()
    Resident(TestClient(app)).start()
    session.rollback()
    old = session.exec(select(Draft)).first()
    assert old is not None
    old.updated_at = utcnow() - drafts.ttl() - timedelta(hours=1)
    session.add(old)
    session.commit()
    start = threading.Barrier(8)
    results: list[int | None] = []

    def worker() -> None:
        start.wait()
        results.append(drafts.purge_if_due())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda r: r is None) == [1] + [None] * 7
    assert drafts.purge_if_due() is None  # not again the same day
    tomorrow = utcnow() + drafts.PURGE_EVERY + timedelta(seconds=1)
    assert drafts.purge_if_due(tomorrow) == 0  # due again a day later
    session.rollback()
    assert len(session.exec(select(Draft)).all()) == 1


def test_requests_start_the_housekeeping_at_most_once_per_period():
    ran: list[int] = []

    async def inner(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    periodic = Periodic(inner, jobs=[(lambda: ran.append(1), 3600), (lambda: ran.append(2), 3600)])
    c = TestClient(periodic)  # no lifespan: the inner app answers HTTP only
    for _ in range(5):
        assert c.get("/").status_code == 204
    for t in threading.enumerate():
        if t.name == "medvirk-housekeeping":
            t.join()
    assert sorted(ran) == [1, 2]  # each job once, however many requests came


def test_medvirk_purge_deletes_expired_drafts(session, campaign):
    Resident(TestClient(app)).start()
    session.execute(text("UPDATE response_draft SET updated_at = :t"),
                    {"t": utcnow() - drafts.ttl() - timedelta(days=2)})
    session.commit()
    assert cli.purge_drafts in cli.PURGE_STEPS
    assert cli.purge_drafts() == "Drafts: 1 expired drafts deleted."
    session.rollback()
    assert session.exec(select(Draft)).all() == [] and session.exec(select(DraftStart)).all() != []


def test_a_draft_saved_with_a_nul_before_the_fix_can_be_sent(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1, good="Fint")
    session.rollback()
    draft = session.exec(select(Draft)).one()
    draft.answers = {"moving_around": {"score": 5, "good": "Fi\x00nt\x07", "better": "\ud800ok"}}
    draft.profile = {"age_band": "25-34\x00"}
    session.add(draft)
    session.commit()
    assert r.profile().headers["location"] == "/k/demo/takk"
    (stored,) = responses(session)
    session.rollback()
    query = text("SELECT good, better FROM answer WHERE response_id = :i")
    good = session.execute(query, {"i": stored.id}).one()
    assert tuple(good) == ("Fint", "ok")


def test_a_nul_typed_into_a_form_is_stripped_and_the_answer_kept(client, session, campaign):
    r = Resident(client)
    r.start()
    assert r.answer(1, good="Gode\x00 fortau\x1b", better="linje 1\r\nlinje 2\ttab").status_code == 303
    session.rollback()
    answer = session.exec(select(Draft)).one().answers["moving_around"]
    assert answer["good"] == "Gode fortau" and answer["better"] == "linje 1\nlinje 2\ttab"
    assert r.profile().headers["location"] == "/k/demo/takk"


@pytest.mark.parametrize("path, secret", [
    ("/k/demo/fortsett/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
    ("/k/demo?code=QWERTY23", "QWERTY23"),
    ("/v/ABCDEFGH23?d=1", "ABCDEFGH23"),
])
def test_redact_hides_tokens_and_codes(path, secret):
    assert secret not in redact(path)


def test_uvicorns_access_log_holds_no_token_or_code(campaign):
    """The real server, as `make run` starts it, logging its access lines."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger = logging.getLogger("uvicorn.access")
    keep, level = Keep(), logger.level
    logger.addHandler(keep)
    logger.setLevel(logging.INFO)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           access_log=True, proxy_headers=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        token, code, workshop = "Zz" * 20, "QWERTY23", "ABCDEFGH23"
        with http(base_url=f"http://127.0.0.1:{port}") as c:
            c.get(f"/k/demo/fortsett/{token}")
            c.get(f"/k/demo?code={code}")
            c.get(f"/v/{workshop}")
    finally:
        server.should_exit = True
        thread.join(10)
        logger.removeHandler(keep)
        logger.setLevel(level)
    assert len(lines) >= 3, lines
    joined = "\n".join(lines)
    assert token not in joined and code not in joined and workshop not in joined
    assert "/k/demo/fortsett/[hidden]" in joined
