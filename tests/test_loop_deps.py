"""scripts/test-deps, which `make test` and `.ci/run` run first: on a machine without Chromium it
installs it as root, and otherwise stops with the exact command; it never lets the suite go on
without what the browser and PDF tests need. The system is played by stand-in commands."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "test-deps"
NEEDED = ["chromium", "chromium-headless-shell", "fonts-dejavu-core", "fonts-sil-abyssinica",
          "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "libcairo2"]


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def run_script(tmp_path: Path, installed: list[str], uid: int) -> tuple[subprocess.CompletedProcess, str]:
    """Run the script where dpkg knows only `installed` and `id -u` says `uid`; returns what
    apt-get was asked to do."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    known = " ".join(installed)
    _stub(bin_dir, "dpkg-query", f'for p in {known}; do [ "$p" = "$3" ] && printf "install ok installed" '
                                 '&& exit 0; done; exit 1')
    _stub(bin_dir, "id", f"echo {uid}")
    _stub(bin_dir, "apt-get", f'echo "$@" >> {calls}')
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    return done, calls.read_text() if calls.exists() else ""


def test_nothing_is_installed_when_everything_is_there(tmp_path):
    done, apt = run_script(tmp_path, NEEDED, uid=0)
    assert done.returncode == 0 and apt == "" and done.stdout == ""


def test_root_on_a_machine_without_chromium_installs_exactly_what_is_missing(tmp_path):
    done, apt = run_script(tmp_path, [p for p in NEEDED if p != "chromium"], uid=0)
    assert done.returncode == 0, done.stderr
    assert apt.splitlines() == ["update -qq", "install -y -qq chromium"]


@pytest.mark.parametrize("installed", [[], ["chromium"], [p for p in NEEDED if p != "libcairo2"]])
def test_a_user_is_stopped_with_the_exact_command_and_nothing_runs(tmp_path, installed):
    done, apt = run_script(tmp_path, installed, uid=1000)
    missing = [p for p in NEEDED if p not in installed]
    assert done.returncode != 0  # make stops here: no test runs without them
    assert apt == ""
    assert f"sudo apt-get update && sudo apt-get install -y {' '.join(missing)}" in done.stderr


def test_make_test_and_ci_run_use_the_script_before_any_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip() for line in recipe.splitlines()[1:]]
    assert lines[0] == "bash scripts/test-deps" and "pytest" in lines[-1]
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith(("#", "echo"))]
    first_test = next(i for i, line in enumerate(commands) if "make test" in line or "pytest" in line)
    assert "bash scripts/test-deps" in commands[:first_test]
