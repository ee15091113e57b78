"""Bulk writing of many synthetic responses (demo data, benchmarks) with their tallies.

Per chunk: raw executemany (SQLite) or COPY (PostgreSQL) of responses, answers and profile
answers, and the tallies of exactly those rows, counted in C via Counter, all in the caller's
transaction (a large load gives each chunk a unit of work of its own: see app/admin/demo.py).
Ids are time-ordered (like UUIDv7), so the primary-key indexes grow at their end.
"""

import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from itertools import chain
from typing import Any

from sqlmodel import Session

from app.models.results import DONT_KNOW, NO_GROUP, RESPONSES
from app.results import tallies

RESPONSE_COLS = ("id", "campaign_id", "area_id", "mode", "locale", "survey_version", "is_consensus",
                 "is_demo", "group_label", "body_hash", "submitted_at")
ANSWER_COLS = ("response_id", "theme", "score", "good", "better")
PROFILE_COLS = ("response_id", "question", "value")
# An answer is coded as its theme's index and its score in one int; a score needs BITS bits (the
# survey definitions allow scales up to 20). Bulk rows answer the campaign's own survey ("").
BITS = 5
MASK = (1 << BITS) - 1


class Ids:
    """Time-ordered UUID strings: 48 bits of start time, a sequence number, random bits."""

    def __init__(self, rand: int) -> None:
        self.prefix = int(time.time() * 1000) << 80
        self.rand = rand & ((1 << 40) - 1)
        self.seq = 0

    def next(self) -> str:
        self.seq += 1
        return str(uuid.UUID(int=self.prefix | (self.seq << 40) | self.rand))


def write_chunk(
    session: Session, responses: list[tuple], answer_sets: list[Sequence[tuple]], profile: list[tuple],
) -> None:
    """Insert rows and add their tallies in the session's transaction. `responses` and `profile`
    are tuples in the *_COLS order; `answer_sets[i]` holds (theme, score, good, better) of
    response i, and may be shared between responses (its tally codes are worked out once).

    Synthetic rows are individual answers; walk-and-talk ones may carry a focus-group label.
    """
    answers = [(r[0], *a) for r, aset in zip(responses, answer_sets, strict=True) for a in aset]
    conn = session.connection()
    raw: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur:
            for table, cols, rows in (("response", RESPONSE_COLS, responses),
                                      ("answer", ANSWER_COLS, answers),
                                      ("profile_answer", PROFILE_COLS, profile)):
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
    else:
        stamp = RESPONSE_COLS.index("submitted_at")
        dated = [(*r[:stamp], _sqlite_time(r[stamp])) for r in responses]
        cur = raw.cursor()
        for table, cols, data in (("response", RESPONSE_COLS, dated), ("answer", ANSWER_COLS, answers),
                                  ("profile_answer", PROFILE_COLS, profile)):
            marks = ", ".join("?" * len(cols))
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", data)  # noqa: S608
        cur.close()
    tallies.apply(conn, *count(responses, answer_sets, profile, tallies.shard_count(conn.dialect.name)))


def _sqlite_time(value: datetime) -> str:
    # the text form SQLAlchemy's SQLite DateTime stores (UTC, without zone)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def count(
    responses: Sequence[tuple], answer_sets: Sequence[Sequence[tuple]], profile: Sequence[tuple],
    shards: int = 1,
) -> tuple[Counter, Counter]:
    """The tallies of a chunk: answers coded as small ints and counted with Counter (in C)."""
    cid, aid, mode, gid = (RESPONSE_COLS.index(c) for c in ("campaign_id", "area_id", "mode", "group_label"))
    themes: dict[str, int] = {}
    codes: dict[int, tuple[int, ...]] = {}  # id(answer set) -> theme index << BITS | score
    for aset in answer_sets:
        if id(aset) not in codes:
            pairs = [(themes.setdefault(t, len(themes)), DONT_KNOW if s is None else s) for t, s, *_ in aset]
            codes[id(aset)] = tuple(t << BITS | s for t, s in pairs)
    names = list(themes)
    key = {r[0]: ((r[cid], r[aid], r[mode], r[gid] or NO_GROUP, tallies.shard_of(r[0], shards)),
                  codes[id(aset)])
           for r, aset in zip(responses, answer_sets, strict=True)}
    main: Counter = Counter()
    groups: dict[tuple, list[tuple[int, ...]]] = {}
    for k, c in key.values():
        groups.setdefault(k, []).append(c)
    for (c, a, m, g, s), sets in groups.items():
        main[(c, a, m, g, False, RESPONSES, DONT_KNOW, "", s)] += len(sets)
        for code, n in Counter(chain.from_iterable(sets)).items():
            main[(c, a, m, g, False, names[code >> BITS], code & MASK, "", s)] += n
    by_option: dict[tuple, list[tuple[int, ...]]] = {}
    for rid, question, value in profile:
        (c, a, _m, _g, s), codes_of = key[rid]
        by_option.setdefault((c, a, question, value, s), []).append(codes_of)
    prof: Counter = Counter()
    for (c, a, q, v, s), sets in by_option.items():
        prof[(c, a, q, v, RESPONSES, DONT_KNOW, "", s)] += len(sets)
        for code, n in Counter(chain.from_iterable(sets)).items():
            prof[(c, a, q, v, names[code >> BITS], code & MASK, "", s)] += n
    return main, prof
