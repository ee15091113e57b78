"""Summary latency on a campaign with BENCH_RESPONSES (default 1,000,000) demo responses.

Uses DATABASE_URL when set (give it a database of its own: the schema is rebuilt), otherwise
a fresh SQLite file. BENCH_REUSE=1 measures an already filled database without rebuilding it.
Prints the time to generate the data, the summary API's p50/p95 (from the running tallies, over
HTTP in-process), breakdowns, the from-raw recomputation as baseline, and the streaming export.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

N = int(os.environ.get("BENCH_RESPONSES", 1_000_000))
RUNS = int(os.environ.get("BENCH_RUNS", 40))
RAW_SQL = (
    "SELECT a.theme, a.score, count(*) FROM answer a JOIN response r ON r.id = a.response_id"
    " WHERE r.campaign_id = :c AND r.is_consensus = :f GROUP BY a.theme, a.score"
)


def _setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        db = Path(tempfile.mkdtemp(prefix="medvirk-bench-")) / "bench.db"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("MEDVIRK_SECRET_KEY", "bench")


def _timings(fn, runs: int = RUNS) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock p50 and p95, and the median CPU time of the process (less sensitive to a busy
    machine than wall-clock time), in milliseconds."""
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], statistics.median(cpu)


def main() -> None:
    _setup()
    from fastapi.testclient import TestClient
    from sqlalchemy import text
    from sqlmodel import Session

    from app.admin.demo import ensure_demo, load_responses
    from app.cli import migrate
    from app.db import get_engine, unit_of_work
    from app.main import app
    from app.surveys.service import sync_definitions

    engine = get_engine()
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if engine.dialect.name == "postgresql" and not reuse:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate()
    with unit_of_work() as session:
        sync_definitions(session)
        cid = ensure_demo(session, responses=0).id
    t0 = time.perf_counter()
    if not reuse:
        load_responses(cid, N, seed=1)  # one unit of work per chunk
    made = time.perf_counter() - t0
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    print(f"summary bench on {engine.dialect.name}: {N:,} responses, {N * 14:,} answers")
    if not reuse:
        print(f"  generate with tallies (medvirk demo):  {made:8.1f} s  ({N / made:,.0f} responses/s)")
    results = {}
    with TestClient(app) as client:
        for label, params in (("summary", {}), ("summary, area=sentrum", {"area": "sentrum"}),
                              ("summary, mode=walk", {"mode": "walk"}),
                              ("group_by=area", {"group_by": "area"}),
                              ("group_by=age_band", {"group_by": "age_band"})):
            def call(p=params):  # type: ignore[no-untyped-def]
                r = client.get("/api/v1/campaigns/demo/summary", params=p)
                assert r.status_code == 200, r.text
            call()
            p50, p95, cpu = results[label] = _timings(call)
            print(f"  API {label:<24} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   cpu p50 {cpu:6.1f} ms")
        page = _timings(lambda: client.get("/r/demo"), 10)
        print(f"  public page /r/demo             p50 {page[0]:7.1f} ms   p95 {page[1]:7.1f} ms"
              f"   cpu p50 {page[2]:6.1f} ms")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if os.environ.get("BENCH_RAW", "1") == "0":
        return
    with Session(engine) as session:
        def raw() -> None:
            session.execute(text(RAW_SQL), {"c": cid, "f": False}).all()
        raw_p50, _, _ = _timings(raw, 1)
    ratio = raw_p50 / max(results["summary"][0], 0.001)
    print(f"  baseline: from-raw recomputation  p50 {raw_p50:9.1f} ms  (tallies are {ratio:,.0f}x faster)")
    if os.environ.get("BENCH_EXPORT", "1") != "0":
        _export(cid)


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        line = next(x for x in f if x.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def _export(campaign_id: int) -> None:
    """Stream the whole CSV export; memory must stay flat however many rows."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.models import Campaign
    from app.results.exports import csv_stream

    with Session(get_engine()) as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        start, peak, size, t0 = _rss_mb(), 0.0, 0, time.perf_counter()
        for i, chunk in enumerate(csv_stream(campaign)):
            size += len(chunk)
            if i % 200 == 0:
                peak = max(peak, _rss_mb())
        took = time.perf_counter() - t0
    print(f"  CSV export streamed: {size / 1e6:,.0f} MB in {took:,.0f} s; "
          f"process memory {start:,.0f} MB before, {peak:,.0f} MB at most while streaming")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
