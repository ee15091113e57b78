"""Login throttling stops a password guesser, not the real user: floods from one address, from
many addresses and from spoofed forwarded headers, and 30 guesses at once."""

import ast
import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from app.auth import sessions, throttle
from app.common import clients
from app.config import ROOT, get_settings
from app.main import app
from app.models import LoginFailure
from app.models.common import utcnow
from tests.client import TestClient
from tests.conftest import make_staff
from tests.staff_support import PASSWORD, csrf_of


def browser(address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def attempt(client: TestClient, username: str, password: str, **headers: str):
    form = client.get("/staff/login")
    return client.post("/staff/login", headers=headers, follow_redirects=False, data={
        "username": username, "password": password, "csrf": csrf_of(form.text)})


def test_the_real_user_logs_in_while_one_address_floods_the_account(session):
    username, _ = make_staff(session)
    attacker = browser("198.51.100.66")
    codes = [attempt(attacker, username, f"guess {i}").status_code for i in range(25)]
    assert codes[: throttle.MAX_PER_USERNAME] == [400] * throttle.MAX_PER_USERNAME
    assert set(codes[throttle.MAX_PER_USERNAME:]) == {429}
    # The attacker's own right guess is refused unchecked while it waits.
    assert attempt(attacker, username, PASSWORD).status_code == 429
    # Only the five checked guesses are counted for the pair: 25 tries cost the attacker nothing more.
    assert session.exec(select(LoginFailure)).all().__len__() == 3 * throttle.MAX_PER_USERNAME
    real = browser("203.0.113.7")
    r = attempt(real, username, PASSWORD)
    assert r.status_code == 303 and "staff" in r.cookies


def test_a_distributed_flood_meets_the_ceiling_and_known_browsers_still_log_in(session, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_PER_ACCOUNT", 6)
    username, _ = make_staff(session)
    colleague = browser("192.0.2.10")  # has logged in from this browser before
    assert attempt(colleague, username, PASSWORD).status_code == 303
    assert throttle.DEVICE_COOKIE in colleague.cookies
    colleague.post("/staff/logout", data={"csrf": csrf_of(colleague.get("/staff").text)})
    for i in range(throttle.MAX_PER_ACCOUNT):  # one guess from each of many addresses
        assert attempt(browser(f"198.51.100.{i + 1}"), username, "wrong").status_code == 400
    # The ceiling: a new address, even with the right password, is refused unchecked ...
    assert attempt(browser("198.51.100.200"), username, PASSWORD).status_code == 429
    # ... and a cookie signed for another account proves nothing.
    stranger = browser("198.51.100.201")
    other, _ = make_staff(session)
    assert attempt(stranger, other, PASSWORD).status_code == 303
    assert attempt(stranger, username, PASSWORD).status_code == 429
    # The browser the account logged in from goes on working, even from the attacker's address.
    device = colleague.cookies.get(throttle.DEVICE_COOKIE)
    same_browser = TestClient(app, client=("198.51.100.1", 50000), cookies={throttle.DEVICE_COOKIE: device})
    assert attempt(same_browser, username, PASSWORD).status_code == 303


def test_backoff_doubles_after_five_failures_and_a_success_forgives(session, monkeypatch):
    username, _ = make_staff(session)
    client = throttle.Client(address="198.51.100.9")
    now = utcnow()
    monkeypatch.setattr(throttle, "utcnow", lambda: now)
    for _ in range(throttle.MAX_PER_USERNAME):
        assert sessions.log_in(username, "wrong", client) == sessions.LoginOutcome()
    assert sessions.log_in(username, PASSWORD, client).locked
    waited = timedelta(0)
    for step in range(3):
        wait = throttle.FIRST_DELAY * 2**step
        waited += wait
        now_before = now + waited - timedelta(seconds=1)
        monkeypatch.setattr(throttle, "utcnow", lambda t=now_before: t)
        assert sessions.log_in(username, PASSWORD, client).locked  # one second too early
        monkeypatch.setattr(throttle, "utcnow", lambda t=now + waited: t)
        assert sessions.log_in(username, "wrong", client) == sessions.LoginOutcome()
        now += waited  # the failure just counted restarts the clock
        waited = timedelta(0)
    assert throttle.delay(100) == throttle.WINDOW  # the wait is capped: the lock message stays true
    monkeypatch.setattr(throttle, "utcnow", lambda: now + throttle.WINDOW)
    assert sessions.log_in(username, PASSWORD, client).token
    assert sessions.log_in(username, "wrong", client) == sessions.LoginOutcome()  # counting starts over


def test_thirty_concurrent_guesses_check_only_five_passwords(session, monkeypatch):
    username, _ = make_staff(session)
    checked = []
    real_verify = sessions.passwords.verify

    def counting_verify(password: str, stored: str) -> bool:
        checked.append(password)
        return bool(real_verify(password, stored))

    monkeypatch.setattr(sessions.passwords, "verify", counting_verify)
    client = throttle.Client(address="198.51.100.30")
    start = threading.Barrier(30)
    outcomes: list[sessions.LoginOutcome] = []

    def guess(i: int) -> None:
        start.wait()
        outcomes.append(sessions.log_in(username, f"guess {i}", client))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 30
    assert len(checked) == throttle.MAX_PER_USERNAME
    assert sum(o.locked for o in outcomes) == 30 - throttle.MAX_PER_USERNAME


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(session, monkeypatch):
    username, _ = make_staff(session)
    local = browser("127.0.0.1")  # uvicorn's own default trusted proxy: must not matter here
    for i in range(throttle.MAX_PER_USERNAME):
        assert attempt(local, username, "wrong", **{"X-Forwarded-For": f"10.9.9.{i}"}).status_code == 400
    # A fresh forged address every time still counts as the one peer it comes from.
    assert attempt(local, username, PASSWORD, **{"X-Forwarded-For": "10.9.9.250"}).status_code == 429

    monkeypatch.setattr(get_settings(), "trusted_proxies", "127.0.0.1, 10.0.0.0/8")
    # Behind trusted proxies the nearest untrusted hop is the client, whatever the client prepends.
    assert attempt(local, username, PASSWORD, **{"X-Forwarded-For": "6.6.6.6, 203.0.113.44, 10.1.2.3"}
                   ).status_code == 303
    rows = {r.key_hash for r in session.exec(select(LoginFailure))}
    assert throttle._key("client", "127.0.0.1") in rows  # the earlier failures, under the peer


def test_client_address_reads_forwarded_headers_only_from_trusted_peers(monkeypatch):
    class Fake:
        def __init__(self, peer: str, forwarded: list[str]) -> None:
            self.client = type("C", (), {"host": peer})()
            self.headers = type("H", (), {"getlist": lambda _self, _name: forwarded})()

    monkeypatch.setattr(get_settings(), "trusted_proxies", "")
    assert clients.client_address(Fake("127.0.0.1", ["1.2.3.4"])) == "127.0.0.1"  # type: ignore[arg-type]
    monkeypatch.setattr(get_settings(), "trusted_proxies", "10.0.0.1")
    assert clients.client_address(Fake("10.0.0.1", ["1.1.1.1, 2.2.2.2"])) == "2.2.2.2"  # type: ignore[arg-type]
    assert clients.client_address(Fake("10.0.0.2", ["2.2.2.2"])) == "10.0.0.2"  # type: ignore[arg-type]
    assert clients.client_address(Fake("10.0.0.1", ["junk, 10.0.0.1"])) == "junk"  # type: ignore[arg-type]
    assert clients.client_address(Fake("10.0.0.1", [])) == "10.0.0.1"  # type: ignore[arg-type]


def _serve_turns_off_proxy_headers() -> bool:
    """`medvirk serve` calls uvicorn.run(..., proxy_headers=False) and trusts no forwarded IPs."""
    tree = ast.parse((ROOT / "app" / "cli.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "run" and getattr(n.func.value, "id", "") == "uvicorn"]
    keywords = [{k.arg: k.value for k in c.keywords} for c in calls]
    return bool(calls) and all(
        isinstance(k.get("proxy_headers"), ast.Constant) and k["proxy_headers"].value is False
        and "forwarded_allow_ips" not in k for k in keywords)


@pytest.mark.parametrize("path", ["Makefile", "Dockerfile"])
def test_the_server_is_started_without_uvicorns_proxy_headers(path):
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default and rewrites the peer before the
    app sees it; every way we start the server must turn that off."""
    lines = Path(ROOT / path).read_text().splitlines()
    starts = [line for line in lines if re.search(r"\buvicorn app\.main:app|\bmedvirk serve\b", line)]
    assert starts
    for line in starts:
        if "medvirk serve" in line:
            assert _serve_turns_off_proxy_headers(), line
        else:
            assert re.search(r"--no-proxy-headers\b", line) and "--forwarded-allow-ips" not in line, line
