"""MEDVIRK_ENV=production refuses to start without a shared secret key, with SQLite in several worker
processes, without a base URL or with demo data; a correct production setup starts."""

import os
import subprocess
import sys

import httpx
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from app.admin import demo
from app.cli import cli
from app.config import get_settings
from app.db import unit_of_work
from app.main import app
from app.models import Campaign
from app.ops.checks import startup_problems
from tests.client import TestClient
from tests.helpers import free_port, http_get
from tests.test_deploy_base_url import ROOT, served

SECRET = "s" * 40
GOOD = {"MEDVIRK_ENV": "production", "MEDVIRK_SECRET_KEY": SECRET,
        "MEDVIRK_BASE_URL": "https://medvirk.example.no"}


@pytest.fixture
def environ(monkeypatch, tmp_path):
    """Set the environment for this test's settings; everything is put back afterwards."""
    for name in ("MEDVIRK_ENV", "MEDVIRK_SECRET_KEY", "MEDVIRK_BASE_URL", "MEDVIRK_WORKERS",
                 "WEB_CONCURRENCY", "MEDVIRK_ARGON2_COST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MEDVIRK_VAR_DIR", str(tmp_path / "var"))

    def apply(**env: str) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield apply
    get_settings.cache_clear()


def _without(name: str) -> dict[str, str]:
    return {k: v for k, v in GOOD.items() if k != name}


def test_no_secret_key_refuses_and_makes_none(environ, tmp_path):
    environ(**_without("MEDVIRK_SECRET_KEY"))
    result = CliRunner().invoke(cli, ["serve", "--port", "1"])
    assert result.exit_code == 1
    assert "MEDVIRK_SECRET_KEY is not set" in result.output
    assert not (tmp_path / "var" / "secret.key").exists()  # development would have made one
    with pytest.raises(RuntimeError, match="MEDVIRK_SECRET_KEY"), TestClient(app):
        pass  # `uvicorn app.main:app` directly: the app's start-up refuses the same


def test_a_short_secret_key_refuses(environ):
    environ(**{**GOOD, "MEDVIRK_SECRET_KEY": "short"})
    assert any("shorter than 32" in p for p in startup_problems(get_settings()))


def test_sqlite_with_several_workers_refuses(environ):
    if not get_settings().is_sqlite:
        pytest.skip("the suite runs on PostgreSQL; the SQLite case runs in the SQLite run")
    environ(**GOOD)
    result = CliRunner().invoke(cli, ["serve", "--workers", "2", "--port", "1"])
    assert result.exit_code == 1 and "SQLite serves one worker process" in result.output
    environ(WEB_CONCURRENCY="3")  # what uvicorn or gunicorn were told
    with pytest.raises(RuntimeError, match="SQLite"), TestClient(app):
        pass
    environ(WEB_CONCURRENCY="1")
    assert startup_problems(get_settings()) == []


def test_postgresql_with_several_workers_is_fine(environ):
    environ(**GOOD, DATABASE_URL="postgresql+psycopg://medvirk@db.example.no/medvirk", MEDVIRK_WORKERS="4")
    assert startup_problems(get_settings(), workers=4) == []


def test_the_test_suites_cheap_password_hashing_refuses(environ):
    environ(**GOOD, MEDVIRK_ARGON2_COST="minimal")
    problems = startup_problems(get_settings(), workers=1)
    assert len(problems) == 1 and "MEDVIRK_ARGON2_COST=minimal" in problems[0]


def test_no_base_url_refuses(environ):
    environ(**_without("MEDVIRK_BASE_URL"))
    problems = startup_problems(get_settings(), workers=1)
    assert len(problems) == 1 and "MEDVIRK_BASE_URL is not set" in problems[0]


def test_demo_data_refused_by_setup_and_by_start(environ, session):
    environ(**GOOD)
    runner = CliRunner()
    refused = runner.invoke(cli, ["setup", "--demo-data"])
    assert refused.exit_code == 1 and "never holds demo data" in refused.output
    assert runner.invoke(cli, ["demo", "--responses", "1"]).exit_code == 1
    assert session.exec(select(Campaign).where(Campaign.is_demo)).first() is None
    done = runner.invoke(cli, ["setup"])  # production's default: no demo data
    assert done.exit_code == 0, done.output
    assert session.exec(select(Campaign).where(Campaign.is_demo)).first() is None
    assert startup_problems(get_settings(), workers=1) == []

    with unit_of_work() as s:  # a database that got demo data somewhere else
        demo.ensure_demo(s, responses=0)
    problems = startup_problems(get_settings(), workers=1)
    assert len(problems) == 1 and "demo data" in problems[0]
    with pytest.raises(RuntimeError, match="demo data"), TestClient(app):
        pass


def test_the_serve_process_refuses_before_it_listens(tmp_path):
    port = str(free_port())
    env = {k: v for k, v in os.environ.items()
           if k not in ("MEDVIRK_SECRET_KEY", "MEDVIRK_BASE_URL", "MEDVIRK_ARGON2_COST")}
    env.update(MEDVIRK_ENV="production", MEDVIRK_VAR_DIR=str(tmp_path))
    command = [sys.executable, "-c", "from app.cli import main; main()", "serve", "--port", port]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Refusing to start" in done.stderr and "MEDVIRK_SECRET_KEY" in done.stderr
    with pytest.raises(httpx.TransportError):
        http_get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_a_correct_production_setup_serves(tmp_path):
    env = {**GOOD, "MEDVIRK_VAR_DIR": str(tmp_path), "MEDVIRK_ARGON2_COST": "recommended"}
    with served(tmp_path, env=env) as server:
        assert http_get(server.base + "/readyz").json() == {"status": "ready"}
