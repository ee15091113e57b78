"""The package as a stranger installs it: a wheel into a fresh virtual environment, then `medvirk
setup` and `medvirk serve` from an empty directory, with no checkout anywhere on the path.

By default the fresh environment borrows the dependencies of the running one (a .pth line), so the
test takes seconds and checks what the wheel carries. MEDVIRK_INSTALL_TEST=full lets pip resolve
and download every dependency as well (minutes; CI can run it that way)."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from app.config import PACKAGE
from tests.helpers import free_port, http_get, wait_until_up

ROOT = PACKAGE.parent
pytestmark = [pytest.mark.slow, pytest.mark.any_database]


def _run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A virtual environment with only the built wheel installed; returns its bin folder."""
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("database-independent: runs once, in the SQLite run")
    tmp = tmp_path_factory.mktemp("install")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", tmp / "dist", ROOT)
    (wheel,) = (tmp / "dist").glob("medvirk-*.whl")
    venv = tmp / "venv"
    full = os.environ.get("MEDVIRK_INSTALL_TEST") == "full"
    _run(sys.executable, "-m", "venv", *([] if full else ["--without-pip"]), venv)
    python = venv / "bin" / "python"
    if full:
        _run(python, "-m", "pip", "install", "-q", wheel)
    else:
        _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
        code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        purelib = _run(python, "-c", code).stdout.strip()
        Path(purelib, "_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _clean_env(home: Path) -> dict[str, str]:
    keep = {"PATH", "LANG", "LC_ALL", "TMPDIR"}
    return {k: v for k, v in os.environ.items() if k in keep} | {"HOME": str(home)}


def test_the_wheel_carries_every_resource_and_the_checkout_is_not_used(fresh, tmp_path):
    where = _run(fresh / "python", "-c", "import app, app.config as c; print(app.__file__); print(c.ROOT)",
                 cwd=tmp_path, env=_clean_env(tmp_path)).stdout.split()
    assert not where[0].startswith(str(ROOT)) and where[1].endswith("site-packages/app/_data")
    data = Path(where[1])
    for part in ("static/css", "static/js", "surveys/stedskompasset.yaml", "migrations/env.py",
                 "locales/se/LC_MESSAGES/resident.po"):
        assert (data / part).exists(), part
    assert sorted(p.name for p in (data / "migrations" / "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert (Path(where[0]).parent / "templates" / "core" / "base.html").exists()


def test_setup_and_serve_from_an_empty_directory(fresh, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = _clean_env(tmp_path)
    # As the container runs it; the demo data's 300 responses would only add time here.
    setup = _run(fresh / "medvirk", "setup", "--no-demo-data", cwd=empty, env=env)
    assert "Surveys loaded: stedskompasset" in setup.stdout
    assert (empty / "var" / "medvirk.db").exists() and (empty / "var" / "secret.key").exists()

    port = free_port()
    server = subprocess.Popen([fresh / "medvirk", "serve", "--port", str(port)], cwd=empty, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        ready = wait_until_up(f"{base}/readyz", server, lambda: server.stdout.read() if server.stdout else "")
        assert ready.json() == {"status": "ready"}
        front = http_get(f"{base}/?lang=se", timeout=30)  # templates and a translation catalog
        assert front.status_code == 200 and 'lang="se"' in front.text
        css = front.text.split('href="/static/css/', 1)[1].split('"', 1)[0]
        assert http_get(f"{base}/static/css/{css}", timeout=30).status_code == 200
        assert http_get(f"{base}/docs", timeout=30).status_code == 200
    finally:
        server.terminate()
        server.wait(60)
