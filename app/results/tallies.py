"""Running tallies: counted in the same transaction as the answers, with concurrency-safe upserts."""

import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db import execute_on_driver
from app.models.results import DONT_KNOW, NO_GROUP, RESPONSES, ProfileTally, ResultTally

# The order of the key tuples counted below (the tables' primary keys list them differently).
MAIN_KEY = ("campaign_id", "area_id", "mode", "group_label", "is_consensus", "theme", "score", "survey",
            "shard")
PROFILE_KEY = ("campaign_id", "area_id", "question", "value", "theme", "score", "survey", "shard")
# Rows per key. Every submission adds to its area's "responses" row and to most of its score rows;
# on PostgreSQL each holds those row locks until its commit is on disk, so with one row per key
# concurrent submissions queued behind each other. A response adds to the shard its id picks.
# SQLite has one writer at a time anyway: one row per key, so its summaries read fewer rows.
SHARDS = {"postgresql": 16}


def shard_count(dialect: str) -> int:
    """How many rows a tally key is split over on this database."""
    return SHARDS.get(dialect, 1)


def shard_of(response_id: str, shards: int) -> int:
    """The shard a response counts in: fixed by its id, so deleting it takes from the same rows."""
    return zlib.crc32(response_id.encode()) % shards if shards > 1 else 0


def version_of(response: Mapping[str, Any]) -> str:
    """The tally's survey key of a response row: "" for the campaign's own survey."""
    return response.get("survey_slug") or ""


def count_batch(
    responses: Iterable[Mapping[str, Any]], answers: Iterable[Mapping[str, Any]],
    profile: Iterable[Mapping[str, Any]], shards: int = 1,
) -> tuple[Counter, Counter]:
    """Tally rows for a batch of response, answer and profile rows (as inserted), keyed in
    MAIN_KEY and PROFILE_KEY order; `shards` is `shard_count` of the database."""
    main: Counter = Counter()
    prof: Counter = Counter()
    by_id: dict[str, tuple] = {}
    shard: dict[str, tuple[str, int]] = {}  # the survey key and shard a response counts in
    for r in responses:
        key = (r["campaign_id"], r["area_id"], r["mode"], r.get("group_label") or NO_GROUP,
               bool(r.get("is_consensus")))
        by_id[r["id"]], shard[r["id"]] = key, (version_of(r), shard_of(r["id"], shards))
        main[(*key, RESPONSES, DONT_KNOW, *shard[r["id"]])] += 1
    options: dict[str, list[tuple[str, str]]] = {}
    for p in profile:
        if not by_id[p["response_id"]][4]:  # consensus scores stay out of profile breakdowns
            options.setdefault(p["response_id"], []).append((p["question"], p["value"]))
    for rid, qv in options.items():
        campaign_id, area_id = by_id[rid][:2]
        for q, v in qv:
            prof[(campaign_id, area_id, q, v, RESPONSES, DONT_KNOW, *shard[rid])] += 1
    for a in answers:
        if a.get("skipped"):
            continue  # passed by on purpose: a comment, but neither a score nor "don't know"
        rid = a["response_id"]
        key = by_id[rid]
        score = a["score"] if a["score"] is not None else DONT_KNOW
        main[(*key, a["theme"], score, *shard[rid])] += 1
        for q, v in options.get(rid, ()):
            prof[(key[0], key[1], q, v, a["theme"], score, *shard[rid])] += 1
    return main, prof


def apply(conn: Connection, main: Counter, prof: Counter) -> None:
    """Add the counts with INSERT .. ON CONFLICT DO UPDATE, in key order to avoid deadlocks."""
    for model, keys, counts in ((ResultTally, MAIN_KEY, main), (ProfileTally, PROFILE_KEY, prof)):
        if not counts:
            continue
        rows = [dict(zip(keys, k, strict=True), count=n) for k, n in sorted(counts.items())]
        conn.execute(_upsert(conn.dialect.name, model, keys), rows)


@lru_cache
def _upsert(dialect: str, model: type, keys: tuple[str, ...]) -> Any:
    """The upsert statement, built once per table: it sits on every submission's path."""
    table: Any = getattr(model, "__table__")  # noqa: B009  (SQLModel hides it from mypy)
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    return stmt.on_conflict_do_update(
        index_elements=list(keys), set_={"count": table.c.count + stmt.excluded.count}
    )


def record(conn: Connection, row: Mapping[str, Any], has_profile: bool) -> None:
    """Count one stored response (called from `write_rows`, inside its transaction).

    Two INSERT .. SELECT .. ON CONFLICT statements read the rows just inserted, so the database
    counts them in one pass each instead of the app sending some sixty parameter rows. Rows are
    upserted in key order, so concurrent submissions lock tally rows in the same order.
    """
    params = {"rid": row["id"], "campaign": row["campaign_id"], "area": row["area_id"],
              "mode": row["mode"], "grp": row.get("group_label") or NO_GROUP,
              "consensus": bool(row.get("is_consensus")), "survey": version_of(row),
              "shard": shard_of(row["id"], shard_count(conn.dialect.name))}
    profiled = has_profile and not params["consensus"]  # consensus scores stay out of profiles
    if profiled and conn.dialect.name == "postgresql":
        execute_on_driver(conn, _BOTH, params)  # one round trip instead of two
        return
    execute_on_driver(conn, _MAIN, params)
    if profiled:
        execute_on_driver(conn, _PROFILE, params)


# The response's own row ('*' = RESPONSES, 0 = DONT_KNOW) and one row per answer. SQLite needs
# the WHERE on the outer SELECT to parse ON CONFLICT after INSERT .. SELECT.
assert (RESPONSES, DONT_KNOW) == ("*", 0), "the literals in the statements below"
_SCORES = """SELECT '*' AS theme, 0 AS score
    UNION ALL SELECT theme, COALESCE(score, 0) FROM answer WHERE response_id = :rid AND NOT skipped"""
# Built from constants only (no input): the bind parameters carry every value.
_MAIN_SQL = f"""
INSERT INTO result_tally
    (campaign_id, survey, is_consensus, theme, score, area_id, mode, group_label, shard, count)
SELECT :campaign, :survey, :consensus, s.theme, s.score, :area, :mode, :grp, :shard, 1 FROM ({_SCORES}) AS s
WHERE true ORDER BY s.theme, s.score
ON CONFLICT (campaign_id, survey, is_consensus, theme, score, area_id, mode, group_label, shard)
DO UPDATE SET count = result_tally.count + excluded.count"""  # noqa: S608
_PROFILE_SQL = f"""
INSERT INTO result_profile_tally (campaign_id, survey, question, value, theme, score, area_id, shard, count)
SELECT :campaign, :survey, p.question, p.value, s.theme, s.score, :area, :shard, 1
FROM profile_answer AS p CROSS JOIN ({_SCORES}) AS s
WHERE p.response_id = :rid ORDER BY p.question, p.value, s.theme, s.score
ON CONFLICT (campaign_id, survey, question, value, theme, score, area_id, shard)
DO UPDATE SET count = result_profile_tally.count + excluded.count"""  # noqa: S608
_MAIN, _PROFILE = text(_MAIN_SQL), text(_PROFILE_SQL)
# PostgreSQL runs a data-modifying WITH exactly once, whether or not the main statement reads it.
_BOTH = text(f"WITH main AS ({_MAIN_SQL}) {_PROFILE_SQL}")
