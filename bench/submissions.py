"""Complete 14-theme submissions per second and latency at 50 concurrent clients, on SQLite,
for Medvirk's real endpoint and for a bare baseline endpoint measured in the same run.

The load comes from wrk (Debian package `wrk`; C, so the client does not take the server's CPU)
and falls back to an httpx client when wrk is missing.
"""

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 50))
SECONDS = int(os.environ.get("BENCH_SECONDS", 15))
WORKERS = int(os.environ.get("BENCH_WORKERS", 1))
THEMES = ["moving_around", "public_transport", "traffic_parking", "streets_spaces",
          "natural_space", "play_recreation", "facilities_services", "work_economy",
          "housing_community", "social_interaction", "identity_belonging", "feeling_safe",
          "care_maintenance", "influence_control"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _body(i: int) -> dict:
    return {
        "id": str(uuid.uuid4()), "area": "sentrum", "mode": "survey", "locale": "nb",
        "answers": {t: {"score": 1 + (i + n) % 7, "good": "Fint" if n == 0 else None,
                        "better": "Mer lys" if n == 1 else None} for n, t in enumerate(THEMES)},
        "profile": {"age_band": "25-34", "gender": "female", "years_in_area": "5_9"},
    }


def _prepare(db: Path) -> dict[str, str]:
    """A fresh SQLite database, migrated, with survey definitions and an open campaign."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", MEDVIRK_SECRET_KEY="bench")
    code = (
        "from sqlmodel import Session\n"
        "from app.cli import migrate\nfrom app.db import get_engine\n"
        "from app.surveys.service import sync_definitions\n"
        "from app.auth.service import get_or_create_organisation, create_user\n"
        "from app.campaigns.schemas import CampaignIn, AreaIn\n"
        "from app.campaigns.service import create_campaign\n"
        "migrate()\ns = Session(get_engine())\nsync_definitions(s)\n"
        "org = get_or_create_organisation(s, 'bench', 'Bench')\n"
        "u = create_user(s, 'bench', 'admin', org)\n"
        "create_campaign(s, CampaignIn(slug='bench', title='Bench', survey='stedskompasset',"
        " areas=[AreaIn(slug='sentrum', name='Sentrum')], status='open'), u)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
    return env


def _serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--workers", str(WORKERS),
         "--log-level", "warning", "--no-access-log"], env=env, cwd=ROOT)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}/api/v1/campaigns/bench/responses"


def _wrk(url: str) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency", "-s",
         str(ROOT / "bench" / "submit.lua"), url], capture_output=True, text=True, check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(pct: str) -> float:
        value, scale = re.search(rf"{pct}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * unit[scale]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
            "p50": latency("50"), "p99": latency("99"),
            "failures": int(errors.group(1)) if errors else 0}


def _httpx(url: str) -> dict[str, float]:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + SECONDS

    async def run() -> float:
        nonlocal failures
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=CLIENTS), timeout=60) as c:

            async def worker() -> None:
                nonlocal failures
                i = 0
                while time.perf_counter() < deadline:
                    t0 = time.perf_counter()
                    r = await c.post(url, json=_body(i))
                    latencies.append(time.perf_counter() - t0)
                    failures += r.status_code != 201
                    i += 1

            start = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(CLIENTS)))
            return time.perf_counter() - start

    elapsed = asyncio.run(run())
    latencies.sort()
    return {"rate": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "failures": failures}


def measure(name: str, target: str) -> dict[str, float]:
    """Serve `target` on a fresh database and load it; returns and prints the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _prepare(Path(tmp) / "bench.db")
        proc, url = _serve(target, env)
        try:
            for i in range(20):
                httpx.post(url, json=_body(i))
            figures = _wrk(url) if shutil.which("wrk") else _httpx(url)
        finally:
            proc.terminate()
            proc.wait()
    print(f"{name:10} {figures['rate']:8.0f} submissions/s   p50 {figures['p50']:7.1f} ms   "
          f"p99 {figures['p99']:7.1f} ms   non-2xx: {figures['failures']:.0f}")
    return figures


def main() -> None:
    client = "wrk" if shutil.which("wrk") else "httpx (install Debian's wrk for a lighter client)"
    print(f"Submissions: complete 14-theme responses for {SECONDS}s, {CLIENTS} concurrent clients "
          f"({client}), SQLite (WAL), {WORKERS} uvicorn worker(s), {os.cpu_count()} cores")
    base = measure("baseline", "bench.baseline_app:app")
    real = measure("medvirk", "app.main:app")
    print(f"ratio medvirk/baseline: {real['rate'] / base['rate']:.2f} (aim: at least 0.70; "
          f"aim: over 1,000 submissions/s)")


if __name__ == "__main__":
    main()
