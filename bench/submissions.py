"""Complete 14-theme submissions per second and latency at 50 concurrent clients, on SQLite,
for Medvirk's real endpoint and for a bare baseline endpoint measured in the same run."""

import asyncio
import os
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
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 4000))
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


async def _load(url: str) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failures = 0
    queue = iter(range(REQUESTS))
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal failures
            for i in queue:
                t0 = time.perf_counter()
                r = await client.post(url, json=_body(i))
                latencies.append(time.perf_counter() - t0)
                failures += r.status_code != 201

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        return time.perf_counter() - start, latencies, failures


def _serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--log-level", "warning",
         "--no-access-log"], env=env, cwd=ROOT)
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}/api/v1/campaigns/bench/responses"


def measure(name: str, target: str) -> dict[str, float]:
    """Serve `target` on a fresh database and load it; returns the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _prepare(Path(tmp) / "bench.db")
        proc, url = _serve(target, env)
        try:
            asyncio.run(_warm(url))
            elapsed, lat, failures = asyncio.run(_load(url))
        finally:
            proc.terminate()
            proc.wait()
    lat.sort()
    figures = {"rate": REQUESTS / elapsed, "p50": statistics.median(lat) * 1000,
               "p99": lat[int(len(lat) * 0.99) - 1] * 1000, "failures": failures}
    print(f"{name:10} {figures['rate']:8.0f} submissions/s   p50 {figures['p50']:6.1f} ms   "
          f"p99 {figures['p99']:6.1f} ms   non-201: {failures}")
    return figures


async def _warm(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for i in range(20):
            await client.post(url, json=_body(i))


def main() -> None:
    print(f"Submissions: {REQUESTS} complete 14-theme responses, {CLIENTS} concurrent clients, "
          f"SQLite (WAL), one uvicorn worker, {os.cpu_count()} cores")
    base = measure("baseline", "bench.baseline_app:app")
    real = measure("medvirk", "app.main:app")
    print(f"ratio medvirk/baseline: {real['rate'] / base['rate']:.2f} (aim: at least 0.70)")


if __name__ == "__main__":
    main()
