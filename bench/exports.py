"""Exports of 100,000 and 1,000,000 responses through the HTTP route (an analyst's token, a uvicorn
process of its own), against a one-pass baseline measured in the same run, on SQLite and PostgreSQL.

The baseline (`--baseline`, run as a process of its own so its memory is its own) writes the CSV
from ordered SQL scans straight off the DB-API cursor, with no app code but the two text rules
(masking, formula neutralising); the bench asserts that the route's CSV is byte-identical to it.
Figures per export: total seconds, seconds to the first body byte, and peak RSS of the server
process during the export (from /proc: VmHWM after clear_refs, or sampled VmRSS) against its RSS
before. XLSX: first byte, total against the CSV baseline, memory. Figures, never pass/fail.

    python -m bench.exports            # 100k and 1M on both databases (17 minutes on 2 cores on 2026-12-02)
    python -m bench.exports --quick    # 20k rows

Environment: BENCH_EXPORT_SIZES ("100000,1000000"), BENCH_DATABASES ("sqlite,postgresql"),
BENCH_PG_URL (a server where the database `medvirk_bench_exports` may be made), BENCH_KEEP=1
keeps the generated databases (SQLite under /tmp) for the next run of the same size,
BENCH_XLSX_UP_TO skips the XLSX above that many responses.
"""

import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bench.submissions import _port

ROOT = Path(__file__).resolve().parent.parent
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DB = "medvirk_bench_exports"
KEEP = os.environ.get("BENCH_KEEP") == "1"
XLSX_UP_TO = int(os.environ.get("BENCH_XLSX_UP_TO", 10**9))
PREPARE = """
from app.cli import migrate
from app.db import unit_of_work
from app.surveys.service import sync_definitions
from app.auth.service import get_or_create_organisation, create_token, create_user
from app.campaigns.schemas import CampaignIn, AreaIn
from app.campaigns.service import create_campaign
from app.models import User
migrate()
with unit_of_work() as s:
    sync_definitions(s)
    org = get_or_create_organisation(s, 'bench', 'Bench')
    create_user(s, 'analyst', 'analyst', org, password='bench password')
    c = create_campaign(s, CampaignIn(slug='eksport', title='Eksport', survey='stedskompasset',
        areas=[AreaIn(slug='sentrum', name='Sentrum'), AreaIn(slug='nord', name='Nord')],
        status='open'), s.get(User, 1))
    create_campaign(s, CampaignIn(slug='varm', title='Varm', survey='stedskompasset',
        areas=[AreaIn(slug='sentrum', name='Sentrum')], status='open'), s.get(User, 1))
    print(c.id, c.survey_version, create_token(s, 'analyst', name='bench'))
"""
GOOD = ["Kort vei til butikken.", "Fin tursti langs elva, med benker", "=1+1", " +47 912 34 567",
        "Skriv til kari@example.no", 'Han sa "hei"\nog gikk', "-", "@andre"]
BETTER = ["Flere benker og mer lys.", "Bussen bør gå oftere; i helgene", "\tTab", "شارع أهدأ"]
MODES = ["survey"] * 8 + ["walk", "paper"]
PROFILE = {"age_band": ["16-19", "25-34", "45-54", "80+"], "gender": ["female", "male", "other"],
           "years_in_area": ["under_1", "10_plus"]}


def _env(url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=url, MEDVIRK_SECRET_KEY="bench", MEDVIRK_RELEASE_EVERY_SECONDS="0")


@contextmanager
def database(kind: str, n: int):  # type: ignore[no-untyped-def]
    """A migrated database holding `n` responses; yields (URL, campaign id, analyst token)."""
    if kind == "sqlite":
        folder = Path(tempfile.gettempdir()) / f"medvirk-bench-exports-{n}"
        url = f"sqlite:///{folder / 'bench.db'}"
        made = KEEP and (folder / "ready").exists()
        if not made:
            folder.mkdir(exist_ok=True)
            (folder / "bench.db").unlink(missing_ok=True)
        try:
            yield (*_prepared(url, n, folder / "ready" if made else None), )
        finally:
            if not KEEP:
                for f in folder.iterdir():
                    f.unlink()
                folder.rmdir()
        return
    name = f"{PG_DB}_{n}" if KEEP else PG_DB
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        made = KEEP and exists is not None and _ready_pg(url)
        if not made:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield _prepared(url, n, "pg" if made else None)
    finally:
        if not KEEP:
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _ready_pg(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM bench_ready")).scalar() == 1
    except Exception:
        return False
    finally:
        engine.dispose()


def _prepared(url: str, n: int, ready: object) -> tuple[str, int, str]:
    if ready is not None:  # BENCH_KEEP: the data of an earlier run, with its token
        engine = create_engine(url)
        with engine.connect() as conn:
            cid, token = conn.execute(text("SELECT campaign_id, token FROM bench_ready")).one()
        engine.dispose()
        return url, cid, token
    out = subprocess.run([sys.executable, "-c", PREPARE], env=_env(url), cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    cid, version, token = int(out[-3]), int(out[-2]), out[-1]
    t0 = time.perf_counter()
    fill(url, cid, version, n)
    print(f"  generated {n:,} responses ({n * 14:,} answers) by bulk inserts in "
          f"{time.perf_counter() - t0:.0f} s", flush=True)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_ready (campaign_id INTEGER, token TEXT)"))
        conn.execute(text("INSERT INTO bench_ready VALUES (:c, :t)"), {"c": cid, "t": token})
    if url.startswith("sqlite"):
        (Path(url.split("///", 1)[1]).parent / "ready").touch()
    engine.dispose()
    return url, cid, token


def _pool(rng: random.Random, themes: list[str], size: int = 512) -> list[tuple[list, list]]:
    """Answer sets drawn once (answers and the reviews of their comments), so the hot loop is cheap."""
    pool = []
    for _ in range(size):
        answers, reviews = [], []
        for t in themes:
            r = rng.random()
            good = rng.choice(GOOD) if r < 0.1 else None
            better = rng.choice(BETTER) if r > 0.95 else None
            answers.append((t, None if rng.random() < 0.08 else rng.randint(1, 7), good, better))
            for kind, comment in (("good", good), ("better", better)):
                if comment is not None and rng.random() < 0.4:
                    reviews.append((t, kind, "approved" if rng.random() < 0.75 else "hidden"))
        pool.append((answers, reviews))
    return pool


def _chunks(cid: int, version: int, areas: list[int], n: int, seed: int = 1, size: int = 20_000):  # type: ignore[no-untyped-def]
    """Synthetic rows, `size` responses at a time: responses, answers, profile answers, reviews.
    Ids are random UUIDs as clients make them, so id order is not insertion order."""
    from app.surveys.definitions import get_survey

    survey = get_survey("stedskompasset")
    assert survey is not None
    rng = random.Random(seed)
    pool = _pool(rng, survey.theme_slugs)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for first in range(0, n, size):
        responses: list[tuple] = []
        answers: list[tuple] = []
        profile: list[tuple] = []
        reviews: list[tuple] = []
        for i in range(first, min(n, first + size)):
            rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            mode = MODES[i % len(MODES)]
            responses.append((rid, cid, areas[i % len(areas)], mode, "nb", version, i % 97 == 0, False,
                              "ungdomsrådet" if mode == "walk" else None, "0" * 64,
                              start + timedelta(seconds=i, microseconds=i % 7 * 1000)))
            chosen, reviewed = pool[rng.getrandbits(9)]
            answers.extend([(rid, *a) for a in chosen])
            reviews.extend([(cid, rid, *r) for r in reviewed])
            if i % 2:
                profile.extend((rid, q, v[i % len(v)]) for q, v in PROFILE.items())
        yield responses, answers, profile, reviews


INSERTS = {
    "response": "response (id, campaign_id, area_id, mode, locale, survey_version, is_consensus, is_demo,"
                " group_label, body_hash, submitted_at)",
    "answer": "answer (response_id, theme, score, good, better)",
    "profile_answer": "profile_answer (response_id, question, value)",
    "comment_review": "comment_review (campaign_id, response_id, theme, kind, status)",
}


def fill(url: str, cid: int, version: int, n: int) -> None:
    """Bulk inserts (executemany on SQLite, COPY on PostgreSQL), not the app's submit path."""
    engine = create_engine(url)
    with engine.connect() as conn:
        areas = [a for (a,) in conn.execute(text("SELECT id FROM area WHERE campaign_id = :c ORDER BY id"),
                                            {"c": cid})]
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if url.startswith("sqlite"):
            cur.execute("PRAGMA cache_size=-1000000")  # 1 GB: random UUID keys insert all over the tree
        for chunk in _chunks(cid, version, areas, n):
            for (table, columns), rows in zip(INSERTS.items(), chunk, strict=True):
                if url.startswith("sqlite"):
                    if table == "response":  # SQLAlchemy's own text form of a UTC timestamp
                        rows = [(*r[:-1], r[-1].strftime("%Y-%m-%d %H:%M:%S.%f")) for r in rows]
                    marks = ",".join("?" * len(rows[0])) if rows else ""
                    if rows:
                        cur.executemany(f"INSERT INTO {columns} VALUES ({marks})", rows)
                else:
                    with cur.copy(f"COPY {columns} FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            raw.commit()
        if not url.startswith("sqlite"):
            raw.commit()
    finally:
        raw.close()
    if not url.startswith("sqlite"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


BASELINE_SQL = {
    "responses": "SELECT r.id, a.slug, r.mode, r.locale, r.survey_version, r.submitted_at, r.is_consensus,"
                 " r.group_label, r.is_demo FROM response r JOIN area a ON a.id = r.area_id"
                 " WHERE r.campaign_id = {p} ORDER BY r.id",
    "answers": "SELECT a.response_id, a.theme, a.score, a.good, a.better, g.status, b.status FROM answer a"
               " JOIN response r ON r.id = a.response_id"
               " LEFT JOIN comment_review g ON g.response_id = a.response_id AND g.theme = a.theme"
               "  AND g.kind = 'good' AND g.status = 'approved'"
               " LEFT JOIN comment_review b ON b.response_id = a.response_id AND b.theme = a.theme"
               "  AND b.kind = 'better' AND b.status = 'approved'"
               " WHERE r.campaign_id = {p} ORDER BY a.response_id",
    "profile": "SELECT p.response_id, p.question, p.value FROM profile_answer p"
               " JOIN response r ON r.id = p.response_id WHERE r.campaign_id = {p} ORDER BY p.response_id",
}


def baseline(url: str, cid: int, out: str) -> None:
    """The one-pass baseline: ordered scans off the DB-API cursors, merged, written by csv.writer.
    Prints seconds and this process's peak RSS as JSON."""
    from app.common.text import neutralise_formula as safe
    from app.results.masking import mask
    from app.surveys.definitions import get_survey

    t0 = time.perf_counter()
    survey = get_survey("stedskompasset")
    assert survey is not None
    themes, questions = survey.theme_slugs, [q.key for q in survey.profile]
    engine = create_engine(url)
    raw = engine.raw_connection()
    sqlite = url.startswith("sqlite")
    mark = "?" if sqlite else "%s"

    def scan(name: str):  # type: ignore[no-untyped-def]
        cur = raw.cursor() if sqlite else raw.cursor(name=f"bench_{name}")  # server-side on PostgreSQL
        cur.execute(BASELINE_SQL[name].format(p=mark), (cid,))
        while rows := cur.fetchmany(2000):
            yield from rows

    answers, profile = scan("answers"), scan("profile")
    a = next(answers, None)
    p = next(profile, None)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff")
        w = csv.writer(f)
        w.writerow(["response_id", "area", "mode", "locale", "survey_version", "submitted_at",
                    "is_consensus", "group_label", "is_demo",
                    *(c for t in themes for c in (t, f"{t}_good", f"{t}_better")),
                    *(f"profile_{q}" for q in questions)])
        for rid, area, mode, locale, version, at, consensus, group, demo in scan("responses"):
            if sqlite:  # SQLAlchemy's text form of a UTC timestamp
                at = datetime.fromisoformat(at).replace(tzinfo=UTC)
            given: dict[str, tuple] = {}
            while a is not None and a[0] == rid:
                given[a[1]] = a[2:]
                a = next(answers, None)
            chosen: dict[str, str] = {}
            while p is not None and p[0] == rid:
                chosen[p[1]] = p[2]
                p = next(profile, None)
            row = [rid, area, mode, locale, version, at.isoformat(), int(consensus), safe(group or ""),
                   int(demo)]
            for t in themes:
                if t not in given:
                    row += ["", "", ""]
                    continue
                score, good, better, good_ok, better_ok = given[t]
                row += ["dk" if score is None else score, safe(mask(good)) if good and good_ok else "",
                        safe(mask(better)) if better and better_ok else ""]
            row += [chosen.get(q, "") for q in questions]
            w.writerow(row)
    raw.close()
    engine.dispose()
    print(json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": _status(os.getpid(), "VmHWM")}))


def _status(pid: int, key: str) -> float:
    """A /proc/<pid>/status figure (VmRSS, VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_baseline(url: str, cid: int, out: Path) -> subprocess.Popen:
    """The baseline as a process of its own (its memory is its own); `finish` reads its figures."""
    return subprocess.Popen([sys.executable, "-m", "bench.exports", "--baseline", url, str(cid), str(out)],
                            env=_env(url), cwd=ROOT, stdout=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate()
    assert proc.returncode == 0, proc.returncode
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


@contextmanager
def server(url: str):  # type: ignore[no-untyped-def]
    """Medvirk under uvicorn, one process; yields (base URL, pid)."""
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port),
                             "--log-level", "warning", "--no-access-log"], env=_env(url), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait()


def fetch(base: str, pid: int, path: str, out: Path, headers: dict | None = None,
          cookies: httpx.Cookies | None = None) -> dict:
    """One export over HTTP into a file: total and first-byte seconds, the server's RSS before and
    its peak during the export (VmHWM reset through clear_refs; sampled VmRSS as well)."""
    before = _status(pid, "VmRSS")
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS starts again from now
        reset = True
    except OSError:
        reset = False
    sampled = [before]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            sampled.append(_status(pid, "VmRSS"))

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    pings = []
    for _ in range(3):  # how long any request takes now, beside the first byte (the machine is shared)
        t0 = time.perf_counter()
        httpx.get(base + "/healthz")
        pings.append(time.perf_counter() - t0)
    first = None
    t0 = time.perf_counter()
    # As curl asks by default: no compression (the app gzips for clients that ask, at level 9).
    headers = {**(headers or {}), "Accept-Encoding": "identity"}
    with httpx.stream("GET", base + path, headers=headers, cookies=cookies, timeout=None) as r, \
            open(out, "wb") as f:
        assert r.status_code == 200, (r.status_code, r.read()[:300])
        for chunk in r.iter_raw():  # as the bytes arrive (a chunk size would wait for that much)
            if first is None and chunk:
                first = time.perf_counter() - t0
            f.write(chunk)
    total = time.perf_counter() - t0
    stop.set()
    watcher.join()
    peak = max(max(sampled), _status(pid, "VmHWM") if reset else 0.0)
    return {"seconds": total, "first": first or total, "before_mb": before, "peak_mb": peak,
            "bytes": out.stat().st_size, "ping": sorted(pings)[1]}


def login(base: str) -> httpx.Cookies:
    """The analyst's browser login (the XLSX export is a staff page)."""
    with httpx.Client(base_url=base) as c:
        form = c.get("/staff/login")
        token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        r = c.post("/staff/login", data={"username": "analyst", "password": "bench password",
                                         "csrf": token, "next": "/staff"})
        assert r.status_code in (200, 303), r.status_code
        return c.cookies


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def measure(kind: str, n: int) -> None:
    """Baseline and CSV through the API with the analyst's token side by side (so both meet the
    same load on a shared machine), then XLSX through the staff page."""
    with database(kind, n) as (url, cid, token), tempfile.TemporaryDirectory() as tmp:
        base_file, csv_file, xlsx_file = Path(tmp) / "base.csv", Path(tmp) / "api.csv", Path(tmp) / "x.xlsx"
        with server(url) as (base, pid):
            cookies = login(base)
            auth = {"Authorization": f"Bearer {token}"}
            # The server's first request down each path pays for imports and compiled statements,
            # which a first-byte figure should not hold: export the empty campaign first.
            httpx.get(f"{base}/api/v1/campaigns/varm/responses.csv", headers=auth, timeout=None)
            httpx.get(f"{base}/staff/results/varm/export.xlsx", cookies=cookies, timeout=None)
            running = start_baseline(url, cid, base_file)
            c = fetch(base, pid, "/api/v1/campaigns/eksport/responses.csv", csv_file, headers=auth)
            b = finish(running)
            same = _sha(base_file) == _sha(csv_file)
            ratio = c["seconds"] / b["seconds"]
            print(f"{kind} {n:,} responses: baseline {b['seconds']:.1f} s, peak RSS {b['peak_mb']:.0f} MB\n"
                  f"  CSV (API)   {c['seconds']:7.1f} s = {ratio:4.2f}x baseline (aim <= 2)"
                  f"  first byte {c['first']:5.2f} s (/healthz now {c['ping']:4.2f} s)"
                  f"  server RSS {c['before_mb']:.0f} -> {c['peak_mb']:.0f} MB  {c['bytes'] / 1e6:.0f} MB,"
                  f" byte-identical to the baseline: {'yes' if same else 'NO'}", flush=True)
            assert same, "the route's CSV differs from the baseline's"
            if n > XLSX_UP_TO:
                print(f"  XLSX not measured above BENCH_XLSX_UP_TO={XLSX_UP_TO:,}", flush=True)
                return
            x = fetch(base, pid, "/staff/results/eksport/export.xlsx", xlsx_file, cookies=cookies)
        print(f"  XLSX (page) {x['seconds']:7.1f} s = {x['seconds'] / b['seconds']:4.2f}x CSV baseline"
              " (aim <= 4)"
              f"  first byte {x['first']:5.2f} s (aim <= 1; /healthz now {x['ping']:4.2f} s)"
              f"  server RSS {x['before_mb']:.0f} -> {x['peak_mb']:.0f} MB  {x['bytes'] / 1e6:.0f} MB",
              flush=True)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--baseline"]:
        baseline(argv[1], int(argv[2]), argv[3])
        return
    sizes = [20_000] if "--quick" in argv else [
        int(x) for x in os.environ.get("BENCH_EXPORT_SIZES", "100000,1000000").split(",")]
    print(f"Exports: responses streamed through the HTTP route (analyst token; XLSX through the staff "
          f"page) against the one-pass baseline in the same run, {os.cpu_count()} cores. Server memory: "
          "RSS before -> peak during the export.", flush=True)
    for kind in DATABASES:
        for n in sizes:
            measure(kind, n)


if __name__ == "__main__":
    main(sys.argv[1:])
