"""/healthz and /readyz, and logs (text or JSON) that never hold a token, a code or an address."""

import json
import signal

import pytest
from sqlalchemy import text

from app.db import get_engine
from app.ops.migrations import heads
from tests.conftest import make_staff
from tests.helpers import http
from tests.test_deploy_base_url import served

ADDRESS = "203.0.113.77"  # a documentation address: it must never reach a log
SECRETS = ["R3sumeT0kenXYZ", "INVITEcode9876", "WSHOPcode42", "Bearer-s3cret-t0ken-value", ADDRESS]


def test_readyz_is_ready_at_head_and_503_when_migrations_are_behind(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    (head,) = heads()
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        r = client.get("/readyz")
        assert r.status_code == 503
        assert r.json() == {"status": "not ready", "reason": "migrations not at head",
                            "database": "0001", "code": head}
        assert client.get("/healthz").status_code == 200  # alive all the same: no restart wanted
    finally:
        with get_engine().begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert client.get("/readyz").status_code == 200


def _requests_with_secrets(base: str, token: str) -> None:
    headers = {"X-Forwarded-For": ADDRESS, "X-Real-IP": ADDRESS, "User-Agent": "Phone/1.0"}
    with http(base_url=base, headers=headers, timeout=30) as c:
        c.get("/k/nowhere/fortsett/R3sumeT0kenXYZ")
        c.get("/k/nowhere?code=INVITEcode9876")
        c.get("/v/WSHOPcode42")
        c.get("/v", params={"code": "WSHOPcode42"})
        c.get("/api/v1/campaigns", headers={"Authorization": "Bearer Bearer-s3cret-t0ken-value"})
        c.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
        c.get("/no/such/page/R3sumeT0kenXYZ")
        c.get("/readyz")


@pytest.mark.any_database
def test_json_logs_hold_routes_and_never_secrets(session, tmp_path):
    _, token = make_staff(session)
    with served(tmp_path, env={"MEDVIRK_LOG_FORMAT": "json"}) as server:
        _requests_with_secrets(server.base, token)
        assert server.stop() in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
        lines = [line for line in server.log_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    access = [r for r in records if r["logger"] == "medvirk.access"]
    routes = {(r["method"], r["route"], r["status"]) for r in access}
    assert ("GET", "/k/{slug}/fortsett/{token}", 404) in routes
    assert {"/v/{code}", "/v", "/k/{slug}", "/readyz"} <= {route for _, route, _ in routes}
    assert ("GET", "-", 404) in routes  # an unknown path is not written down: it may be a secret
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert any(r["message"].startswith("Finished server process") for r in records)
    everything = "\n".join(lines)
    for secret in [*SECRETS, token, "127.0.0.1:", "Phone/1.0"]:
        assert secret not in everything, secret


@pytest.mark.any_database
def test_text_logs_never_hold_secrets_either(session, tmp_path):
    _, token = make_staff(session)
    with served(tmp_path) as server:
        _requests_with_secrets(server.base, token)
        server.stop()
        log = server.log_text()
    assert "GET /k/{slug}/fortsett/{token} 404" in log
    for secret in [*SECRETS, token]:
        assert secret not in log, secret
