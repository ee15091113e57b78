"""Resident pages at 50 clients: the landing page (a phone arriving from a poster, no cookies) and a
theme page (a phone with its draft and CSRF cookies) of the real app against a bare FastAPI + Jinja
page of the same size with one SELECT (bench/baseline_page.py), one uvicorn worker each, measured
in the same run on SQLite and PostgreSQL, paired runs (baseline, then Medvirk) repeated.

Figures per run: requests/s, p99 latency, errors and server CPU per request (from /proc), and the
ratios Medvirk / baseline, min / median / max over the repeats. No compression on either side
(wrk sends no Accept-Encoding). Figures, never pass/fail.

Environment: BENCH_SECONDS (10), BENCH_CLIENTS (50), BENCH_REPEATS (3), BENCH_DATABASES
("sqlite,postgresql"), BENCH_PG_URL (a server where the database BENCH_PAGES_DB, default
`medvirk_bench_pages`, may be made).
"""

import os
import re
import shutil
import sys

import httpx

from bench.submissions import DATABASES, REPEATS, _spread, cpu_seconds, database, ratios, row, serve, wrk

PG_DB = os.environ.get("BENCH_PAGES_DB", "medvirk_bench_pages")
PAGES = {"landing": "/k/bench", "theme": "/k/bench/tema/1"}


def phone(base: str) -> tuple[str, dict[str, int]]:
    """Start a draft as a phone does; returns its Cookie header and the size of each page."""
    with httpx.Client(base_url=base) as c:
        landing = c.get(PAGES["landing"])
        token = re.search(r'name="csrf" value="([^"]+)"', landing.text).group(1)  # type: ignore[union-attr]
        started = c.post(PAGES["landing"], data={"csrf": token, "area": "sentrum"})
        assert started.status_code in (200, 303), started.status_code
        theme = c.get(PAGES["theme"])
        assert theme.status_code == 200 and "tema" in str(theme.url), theme.status_code
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        fresh = httpx.get(base + PAGES["landing"])
    return cookie, {"landing": len(fresh.content), "theme": len(theme.content)}


def load(base: str, pid: int, page: str, cookie: str) -> dict[str, float]:
    """One wrk run on a page (the theme page with the phone's cookies) and the server's CPU."""
    for _ in range(20):  # warm up: templates, pools, caches
        r = httpx.get(base + PAGES[page], headers={"Cookie": cookie} if page == "theme" else {})
        assert r.status_code == 200, (page, r.status_code)
    before = cpu_seconds(pid)
    figures = wrk(base + PAGES[page], ("-H", f"Cookie: {cookie}") if page == "theme" else ())
    figures["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(figures["count"], 1)
    return figures


def measure(kind: str) -> None:
    """REPEATS paired runs on one database; one table row per page."""
    runs: dict[tuple[str, str], list[dict]] = {(a, p): [] for a in ("base", "real") for p in PAGES}
    with database(kind, PG_DB) as url:
        with serve("app.main:app", url, 1) as (base, _pid):
            cookie, sizes = phone(base)
        for key, value in sizes.items():
            os.environ[f"BENCH_{key.upper()}_BYTES"] = str(value)
        for _ in range(REPEATS):
            with serve("bench.baseline_page:app", url, 1) as (base, pid):
                for page in PAGES:
                    runs["base", page].append(load(base, pid, page, cookie))
            with serve("app.main:app", url, 1) as (base, pid):
                for page in PAGES:
                    runs["real", page].append(load(base, pid, page, cookie))
    for page in PAGES:
        base_runs, real_runs = runs["base", page], runs["real", page]
        ratio = ratios(base_runs, real_runs)
        print(f"{kind:10} {page:7} {sizes[page] / 1000:4.1f} kB  baseline {row(base_runs)} | "
              f"medvirk {row(real_runs)} errors {sum(r['errors'] for r in base_runs + real_runs):.0f}")
        print(f"{'':27}ratios min/median/max: requests/s {_spread(ratio['rate'], '.2f')} (aim >= 0.50)  "
              f"p99 {_spread(ratio['p99'], '.2f')}  cpu {_spread(ratio['cpu_ms'], '.2f')}", flush=True)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("make bench needs Debian's wrk: apt-get install wrk")
    from bench.submissions import CLIENTS, SECONDS

    load_avg = os.getloadavg()
    print(f"Resident pages: {CLIENTS} clients (wrk) for {SECONDS}s, {REPEATS} paired runs, 1 uvicorn "
          f"worker, {os.cpu_count()} cores, load average {load_avg[0]:.2f} at the start. Baseline: "
          "bench/baseline_page.py (bare FastAPI + Jinja page of the same size, one SELECT). "
          "min/median/max.", flush=True)
    for kind in DATABASES:
        measure(kind)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
