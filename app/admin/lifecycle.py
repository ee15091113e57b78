"""Deleting what people said: one response, a whole campaign, and the retention clean-up.

Deletion leaves no trace. Rows that belong to a campaign are found through the foreign keys of
every table (so a table added later is covered without touching this file); running tallies are
counted down; copies that live in JSON (workshop quotes, chosen campaigns, boards and ideas) and
drafts (which keep the response's id) are removed as well. Only flushes: the caller commits.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, delete, or_, select, update
from sqlmodel import Session, SQLModel
from sqlmodel import select as select_rows

from app.models import (
    Answer,
    AnswerEdit,
    Campaign,
    CommentReview,
    Draft,
    FieldNote,
    FieldSession,
    ProfileAnswer,
    ProfileTally,
    Response,
    ResultTally,
    Workshop,
)
from app.models.common import utcnow
from app.outcomes import hooks as outcomes
from app.results import disclosure, tallies
from app.results.masking import mask

_RESPONSE: Any = Response.__table__  # type: ignore[attr-defined]
_ANSWER: Any = Answer.__table__  # type: ignore[attr-defined]
_PROFILE: Any = ProfileAnswer.__table__  # type: ignore[attr-defined]
_REVIEW: Any = CommentReview.__table__  # type: ignore[attr-defined]
_EDIT: Any = AnswerEdit.__table__  # type: ignore[attr-defined]
_DRAFT: Any = Draft.__table__  # type: ignore[attr-defined]
_CAMPAIGN: Any = Campaign.__table__  # type: ignore[attr-defined]


# ---- one response ----------------------------------------------------------------------------

def delete_responses(session: Session, response_ids: list[str]) -> int:
    """Delete responses with their answers, profile answers, reviews, drafts, quotes and their
    share of the tallies; returns how many were deleted."""
    conn = session.connection()
    found = conn.execute(select(_RESPONSE).where(_RESPONSE.c.id.in_(response_ids)))
    rows = [dict(r._mapping) for r in found]
    if not rows:
        return 0
    ids = [r["id"] for r in rows]
    answers, profile = _rows(conn, _ANSWER, ids), _rows(conn, _PROFILE, ids)
    _count_down(conn, rows, answers, profile, main=True)
    _forget_quotes(session, {(r["campaign_id"], text) for r in rows for a in answers
                             if a["response_id"] == r["id"] for text in (a["good"], a["better"]) if text})
    for table, column in ((_REVIEW, "response_id"), (_ANSWER, "response_id"), (_PROFILE, "response_id"),
                          (_DRAFT, "response_id")):
        conn.execute(delete(table).where(table.c[column].in_(ids)))
    # Anything else that points at a response (a table added later) goes too.
    _delete_tree(conn, _RESPONSE, _RESPONSE.c.id.in_(ids))
    session.expire_all()
    # Published figures drop the deleted answers at once: the release rule keeps their area back.
    for campaign_id in sorted({r["campaign_id"] for r in rows}):
        campaign = session.get(Campaign, campaign_id)
        if campaign is not None and campaign.results_public:
            disclosure.cut(session, campaign)
    return len(ids)


def _count_down(conn: Connection, responses: list[dict], answers: list[dict], profile: list[dict],
                main: bool) -> None:
    """Take rows out of the running tallies, and drop tally rows that reach zero (an empty row
    would still say that such an answer once existed)."""
    shards = tallies.shard_count(conn.dialect.name)
    up_main, up_prof = tallies.count_batch(responses, answers, profile, shards)
    down_main = Counter({k: -n for k, n in up_main.items()}) if main else Counter()
    down_prof = Counter({k: -n for k, n in up_prof.items()})
    # Counter drops non-positive counts on arithmetic but not on construction: apply adds these.
    tallies.apply(conn, down_main, down_prof)
    campaigns = {r["campaign_id"] for r in responses}
    for model in (ResultTally, ProfileTally):
        table: Any = getattr(model, "__table__")  # noqa: B009  (SQLModel hides it from mypy)
        # `== 0`, not `<= 0`: a shard below zero (were the shard count ever changed) still
        # balances its key's other shards, and dropping it would change the key's sum.
        conn.execute(delete(table).where(table.c.campaign_id.in_(campaigns), table.c.count == 0))


def _forget_quotes(session: Session, said: set[tuple[int, str]]) -> None:
    """Remove workshop quotes that copy a deleted comment (quotes hold its masked text)."""
    if not said:
        return
    said = said | {(campaign_id, mask(text)) for campaign_id, text in said}
    for workshop in session.exec(select_rows(Workshop)).all():
        kept = [q for q in workshop.quotes if (q.get("campaign_id"), q.get("text")) not in said]
        if kept != workshop.quotes:
            workshop.quotes = kept
            session.add(workshop)
    session.flush()


# ---- a whole campaign ------------------------------------------------------------------------

def delete_campaign(session: Session, campaign: Campaign) -> None:
    """Delete a campaign and everything that belongs to it, in every table."""
    conn = session.connection()
    cid = campaign.id
    boards, ideas = _boards_and_ideas(conn, cid)  # type: ignore[arg-type]
    outcomes.forget_ideas(session, ideas)  # register entries that copy those ideas' titles
    for workshop in session.exec(select_rows(Workshop)).all():
        changed = dict(
            campaign_ids=[c for c in workshop.campaign_ids if c != cid],
            areas=[a for a in workshop.areas if not str(a).startswith(f"{cid}:")],
            board_ids=[b for b in workshop.board_ids if b not in boards],
            idea_ids=[i for i in workshop.idea_ids if i not in ideas],
            quotes=[q for q in workshop.quotes if q.get("campaign_id") != cid],
        )
        if any(getattr(workshop, k) != v for k, v in changed.items()):
            for key, value in changed.items():
                setattr(workshop, key, value)
            session.add(workshop)
    session.flush()
    _delete_tree(conn, _CAMPAIGN, _CAMPAIGN.c.id == cid)
    session.expunge(campaign)
    session.expire_all()


def _boards_and_ideas(conn: Connection, campaign_id: int) -> tuple[set[int], set[str]]:
    board: Any = SQLModel.metadata.tables["board"]
    idea: Any = SQLModel.metadata.tables["idea"]
    boards = {b for (b,) in conn.execute(select(board.c.id).where(board.c.campaign_id == campaign_id))}
    if not boards:
        return boards, set()
    ideas = {i for (i,) in conn.execute(select(idea.c.id).where(idea.c.board_id.in_(boards)))}
    return boards, ideas


def _delete_tree(conn: Connection, table: Table, where: Any, seen: frozenset[str] = frozenset()) -> None:
    """Delete the rows of `table` that match `where`, after every row that points at them: a
    required reference is deleted with them, an optional one (a later round's link to an earlier
    campaign, a reply's parent) is cleared."""
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table:
                continue
            chosen = select(fk.column).where(where)
            column: Column = fk.parent
            if column.nullable:
                conn.execute(update(child).where(column.in_(chosen)).values({column.name: None}))
            elif child.name not in seen:
                _delete_tree(conn, child, column.in_(chosen), seen | {table.name})
    conn.execute(delete(table).where(where))


# ---- retention --------------------------------------------------------------------------------

def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day when shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return moment.replace(year=year, month=month, day=min(moment.day, days))


def apply_retention(session: Session, now: datetime | None = None) -> int:
    """For every campaign with a retention period: delete the comments and profile answers of
    responses sent longer ago than that (scores stay), the drafts, reviews and staff edits that copy
    them, their profile tallies and the campaign's older field notes. Returns the responses thinned."""
    now = now or utcnow()
    conn = session.connection()
    thinned = 0
    for campaign in session.exec(select_rows(Campaign)).all():
        months = (campaign.settings or {}).get("retention_months")
        if not isinstance(months, int) or months < 1:
            continue
        cutoff = months_before(now.astimezone(UTC), months)
        thinned += _thin(session, conn, campaign, cutoff)
    return thinned


def _thin(session: Session, conn: Connection, campaign: Campaign, cutoff: datetime) -> int:
    old = select(_RESPONSE.c.id).where(_RESPONSE.c.campaign_id == campaign.id,
                                       _RESPONSE.c.submitted_at < cutoff)
    rows = [dict(r._mapping) for r in conn.execute(select(_RESPONSE).where(_RESPONSE.c.id.in_(old)))]
    ids = [r["id"] for r in rows]
    said: set[tuple[int, str]] = set()
    for chunk in _chunks(ids):
        profile = _rows(conn, _PROFILE, chunk)
        answers = _rows(conn, _ANSWER, chunk)
        said |= {(campaign.id, t) for a in answers for t in (a["good"], a["better"]) if t}  # type: ignore[misc]
        if profile:
            chunk_rows = [r for r in rows if r["id"] in set(chunk)]
            _count_down(conn, chunk_rows, answers, profile, main=False)
            conn.execute(delete(_PROFILE).where(_PROFILE.c.response_id.in_(chunk)))
        # Only rows that still hold text: a second purge writes nothing at all.
        conn.execute(update(_ANSWER).where(_ANSWER.c.response_id.in_(chunk),
                                           or_(_ANSWER.c.good.is_not(None), _ANSWER.c.better.is_not(None)))
                     .values(good=None, better=None))
        conn.execute(delete(_REVIEW).where(_REVIEW.c.response_id.in_(chunk)))
        conn.execute(delete(_EDIT).where(_EDIT.c.response_id.in_(chunk)))  # staff edits keep the words
        conn.execute(delete(_DRAFT).where(_DRAFT.c.response_id.in_(chunk)))
    _forget_quotes(session, said)
    note: Any = FieldNote.__table__  # type: ignore[attr-defined]
    field: Any = FieldSession.__table__  # type: ignore[attr-defined]
    conn.execute(delete(note).where(note.c.created_at < cutoff, note.c.session_id.in_(
        select(field.c.id).where(field.c.campaign_id == campaign.id))))
    return len(ids)


def _rows(conn: Connection, table: Any, ids: list[str]) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(select(table).where(table.c.response_id.in_(ids)))]


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
