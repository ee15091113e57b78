"""Complete 14-theme submissions at 50 clients: Medvirk's real endpoint against a bare baseline
app measured in the same run, on SQLite and PostgreSQL, with 1 and 2 uvicorn workers, three
repeats each (min / median / max), plus a mixed load of wrong logins and workshop-code posts.

Figures per run: submissions/s, p99 latency, errors, and server CPU per submission (user + system
time of every server process, read from /proc, divided by the submissions served). The load comes
from wrk (Debian package `wrk`; C, so the client takes little of the server's CPU).

Environment: BENCH_SECONDS (10), BENCH_CLIENTS (50), BENCH_REPEATS (3), BENCH_DATABASES
("sqlite,postgresql"), BENCH_PG_URL (a server where the database `medvirk_bench` may be made).
"""

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 50))
REPEATS = int(os.environ.get("BENCH_REPEATS", 3))
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DB = "medvirk_bench"
TICKS = os.sysconf("SC_CLK_TCK")
PREPARE = """
from app.cli import migrate
from app.db import unit_of_work
from app.surveys.service import sync_definitions
from app.auth.service import get_or_create_organisation, create_user
from app.campaigns.schemas import CampaignIn, AreaIn
from app.campaigns.service import create_campaign
migrate()
with unit_of_work() as s:
    sync_definitions(s)
    org = get_or_create_organisation(s, 'bench', 'Bench')
    u = create_user(s, 'bench', 'admin', org, password='bench password')
    create_campaign(s, CampaignIn(slug='bench', title='Bench', survey='stedskompasset',
                    areas=[AreaIn(slug='sentrum', name='Sentrum')], status='open'), u)
"""


@contextmanager
def database(kind: str, name: str = PG_DB):  # type: ignore[no-untyped-def]
    """A fresh, migrated database with an open campaign (PostgreSQL: named `name`); yields its URL."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            _prepare(url)
            yield url
        return
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    _prepare(url)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _env(url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=url, MEDVIRK_SECRET_KEY="bench")


def _prepare(url: str) -> None:
    subprocess.run([sys.executable, "-c", PREPARE], env=_env(url), cwd=ROOT, check=True)


def _port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(target: str, url: str, workers: int):  # type: ignore[no-untyped-def]
    """Run uvicorn on `target`; yields (base URL, the server's process ids)."""
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--workers", str(workers),
         "--log-level", "warning", "--no-access-log"], env=_env(url), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        time.sleep(0.5 if workers > 1 else 0)  # let every worker finish starting
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its children alive now."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def wrk(url: str, args: tuple[str, ...] = ("-s", str(ROOT / "bench" / "submit.lua"))) -> dict[str, float]:
    """Submissions (or what `args` ask for: a script, headers) for SECONDS at CLIENTS connections;
    rate, p99 and max in ms, errors, count."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--timeout", "30s", "--latency", *args, url],
        capture_output=True, text=True, check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def ms(pattern: str) -> float:
        value, scale = re.search(pattern, out).groups()  # type: ignore[union-attr]
        return float(value) * unit[scale]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
            "count": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
            "p99": ms(r"99%\s+([\d.]+)(us|ms|s)"),
            "max": ms(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)"),
            "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)}


def run(target: str, url: str, workers: int) -> dict[str, float]:
    """One measured run of a target on a fresh copy of the database."""
    with serve(target, url, workers) as (base, pid):
        submit = f"{base}/api/v1/campaigns/bench/responses"
        for _ in range(20):  # warm up: imports, pools, caches
            httpx.post(submit, json=_body())
        before = cpu_seconds(pid)
        figures = wrk(submit)
        figures["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(figures["count"], 1)
    return figures


def _body() -> dict:
    return {"id": str(uuid.uuid4()), "area": "sentrum", "mode": "survey", "locale": "nb",
            "answers": {"moving_around": {"score": 4}}, "profile": {}}


def _spread(values: list[float], fmt: str) -> str:
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values), max(values)))


def ratios(base: list[dict], real: list[dict]) -> dict[str, list[float]]:
    """Medvirk's figures over the baseline's, run by paired run."""
    return {k: [r[k] / b[k] for b, r in zip(base, real, strict=True)] for k in ("rate", "cpu_ms", "p99")}


def row(runs: list[dict]) -> str:
    """Requests/s, CPU per request and p99 of a set of runs, min/median/max."""
    return (f"{_spread([r['rate'] for r in runs], '.0f'):>14}/s "
            f"cpu {_spread([r['cpu_ms'] for r in runs], '.2f'):>14} ms "
            f"p99 {_spread([r['p99'] for r in runs], '.0f'):>12} ms")


def paired(kind: str, workers: int) -> None:
    """REPEATS paired runs (baseline, then Medvirk, each on a fresh database); prints one row."""
    base: list[dict] = []
    real: list[dict] = []
    for _ in range(REPEATS):
        with database(kind) as url:
            base.append(run("bench.baseline_app:app", url, workers))
        with database(kind) as url:
            real.append(run("app.main:app", url, workers))
    ratio = ratios(base, real)
    print(f"{kind:10} {workers}w  baseline {row(base)} | medvirk {row(real)} "
          f"errors {sum(r['errors'] for r in real):.0f}")
    print(f"{'':14} ratios min/median/max: throughput {_spread(ratio['rate'], '.2f')} (aim >= 0.70)  "
          f"cpu {_spread(ratio['cpu_ms'], '.2f')} (aim <= 1.50)  "
          f"p99 {_spread(ratio['p99'], '.2f')} (aim <= 2.00)")


async def _background(base: str, stop: asyncio.Event) -> dict[str, list[float]]:
    """Wrong logins (each from its own loopback address, so the client throttle never short-cuts
    the password check), workshop codes typed by phones, and /healthz, until `stop` is set."""
    seen: dict[str, list[float]] = {"login": [], "code": [], "healthz": []}
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        form = await c.get("/staff/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        cookies = dict(c.cookies)

    async def loop(kind: str, n: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            address = f"127.0.{1 + n}.{2 + i % 250}"
            transport = httpx.AsyncHTTPTransport(local_address=address)
            async with httpx.AsyncClient(base_url=base, timeout=60, transport=transport,
                                         cookies=cookies) as c:
                t0 = time.perf_counter()
                if kind == "login":
                    await c.post("/staff/login", data={"username": f"x{n}-{i}", "password": "wrong",
                                                       "csrf": token, "next": "/staff"})
                elif kind == "code":
                    await c.post("/v", data={"code": "WRONGCODE1", "csrf": token})
                else:
                    await c.get("/healthz")
                    await asyncio.sleep(0.1)
                seen[kind].append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(loop("login", n) for n in range(8)), *(loop("code", 10 + n) for n in range(8)),
                         loop("healthz", 30))
    return seen


def mixed(kind: str) -> None:
    """Submissions under wrk while wrong logins, workshop codes and /healthz run beside them."""
    with database(kind) as url, serve("app.main:app", url, 1) as (base, _pid):
        submit = f"{base}/api/v1/campaigns/bench/responses"
        httpx.post(submit, json=_body())

        async def both() -> tuple[dict, dict]:
            stop = asyncio.Event()
            background = asyncio.create_task(_background(base, stop))
            figures = await asyncio.to_thread(wrk, submit)
            stop.set()
            return figures, await background

        figures, seen = asyncio.run(both())
    print(f"{kind:10} 1w  submissions {figures['rate']:.0f}/s p99 {figures['p99']:.0f} ms "
          f"max {figures['max']:.0f} ms (aim: none over 1000 ms), errors {figures['errors']:.0f};  "
          f"beside them {len(seen['login'])} wrong logins (max {max(seen['login'], default=0):.0f} ms), "
          f"{len(seen['code'])} workshop codes, /healthz max {max(seen['healthz'], default=0):.0f} ms")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("make bench needs Debian's wrk: apt-get install wrk")
    print(f"Submissions: complete 14-theme responses, {CLIENTS} clients (wrk) for {SECONDS}s, "
          f"{REPEATS} paired runs each, {os.cpu_count()} cores. Baseline: bench/baseline_app.py "
          "(same JSON validated by pydantic, same rows, one transaction). min/median/max.")
    for kind in DATABASES:
        for workers in (1, 2):
            paired(kind, workers)
    print("Mixed load: 8 clients typing wrong passwords + 8 phones typing workshop codes + /healthz "
          "polling, beside the submissions")
    for kind in DATABASES:
        mixed(kind)


if __name__ == "__main__":
    main()
