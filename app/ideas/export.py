"""Exports of a board: CSV (one row per idea) and XLSX (ideas, comments, history), and the API shape."""

import csv
import io

from openpyxl import Workbook
from sqlmodel import Session

from app.common.text import neutralise_formula
from app.ideas import reading
from app.ideas.schemas import CommentOut, EventOut, IdeaOut
from app.models.ideas import Board

IDEA_COLUMNS = [
    "id",
    "created_at",
    "locale",
    "title",
    "description",
    "themes",
    "place",
    "proposer_type",
    "proposer_name",
    "can_make_it_happen",
    "visibility",
    "hidden_reason",
    "status",
    "official_answer",
    "responsible_actor",
    "responsible_name",
    "supports",
    "flags",
    "comments",
    "comment_texts",
    "status_history",
]
COMMENT_COLUMNS = [
    "idea_id",
    "id",
    "reply_to",
    "created_at",
    "locale",
    "author_name",
    "visibility",
    "hidden_reason",
    "body",
]
EVENT_COLUMNS = ["idea_id", "at", "kind", "status", "answer", "actor", "actor_name"]


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (=, +, -, @, tab, CR)."""
    return neutralise_formula(value)  # also after leading spaces: " =1+1" (app/common/text.py)


def _views(session: Session, board: Board) -> list[reading.IdeaView]:
    # Every idea, oldest first, with the same handful of queries however large the board is.
    return reading.views(session, reading.all_ideas(session, board), everything=True, flags=True)


def _idea_row(v: reading.IdeaView) -> list[object]:
    i = v.idea
    texts = " | ".join(
        f"{c.id}: {c.body}" + "".join(f" || {r.id} ({c.id}): {r.body}" for r in replies)
        for c, replies in v.comments
    )
    history = " | ".join(
        f"{e.created_at.isoformat()} {e.kind} {e.status} {e.actor} {e.actor_name}: {e.answer}".replace(
            "  ", " "
        )
        for e in v.history
    )
    return [
        i.id,
        i.created_at.isoformat(),
        i.locale,
        i.title,
        i.description,
        ", ".join(i.themes),
        i.place,
        i.proposer_type,
        i.proposer_name,
        ", ".join(i.actors),
        i.visibility,
        i.hidden_reason,
        i.status,
        i.official_answer,
        i.responsible_actor,
        i.responsible_name,
        v.supports,
        v.flags_total,
        sum(1 + len(r) for _, r in v.comments),
        texts,
        history,
    ]


def to_csv(session: Session, board: Board) -> str:
    """UTF-8 with a byte order mark so spreadsheet programs read the letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(IDEA_COLUMNS)
    for v in _views(session, board):
        writer.writerow([safe_cell(c) for c in _idea_row(v)])
    return "\ufeff" + out.getvalue()


def to_xlsx(session: Session, board: Board) -> bytes:
    """One sheet of ideas, one of comments, one of the status history."""
    book = Workbook()
    ideas = book.active
    assert ideas is not None
    ideas.title = "ideas"
    comments, history = book.create_sheet("comments"), book.create_sheet("history")
    ideas.append(IDEA_COLUMNS)
    comments.append(COMMENT_COLUMNS)
    history.append(EVENT_COLUMNS)
    for v in _views(session, board):
        ideas.append([safe_cell(c) for c in _idea_row(v)])
        for top, replies in v.comments:
            for c in (top, *replies):
                comments.append(
                    [
                        safe_cell(x)
                        for x in (
                            v.idea.id,
                            c.id,
                            c.parent_id or "",
                            c.created_at.isoformat(),
                            c.locale,
                            c.author_name,
                            c.visibility,
                            c.hidden_reason,
                            c.body,
                        )
                    ]
                )
        for e in v.history:
            history.append(
                [
                    safe_cell(x)
                    for x in (
                        v.idea.id,
                        e.created_at.isoformat(),
                        e.kind,
                        e.status,
                        e.answer,
                        e.actor,
                        e.actor_name,
                    )
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def idea_out(v: reading.IdeaView) -> IdeaOut:
    """The public JSON of an idea: a hidden one keeps its counts, status and history, not its text."""
    i, hidden = v.idea, v.idea.visibility == "hidden"
    comments = [
        CommentOut(
            id=c.id,
            parent_id=c.parent_id,
            author_name="" if c.visibility == "hidden" else c.author_name,
            body=None if c.visibility == "hidden" else c.body,
            locale=c.locale,
            hidden_reason=c.hidden_reason if c.visibility == "hidden" else None,
            created_at=c.created_at,
        )
        for top, replies in v.comments
        for c in (top, *replies)
        if c.visibility != "pending"
    ]
    return IdeaOut(
        id=i.id,
        title=None if hidden else i.title,
        description=None if hidden else i.description,
        themes=i.themes,
        place=None if hidden else i.place,
        proposer_type=i.proposer_type,
        proposer_name=None if hidden else i.proposer_name,
        actors=i.actors,
        locale=i.locale,
        status=i.status,
        official_answer=i.official_answer,
        responsible_actor=i.responsible_actor,
        responsible_name=i.responsible_name,
        hidden=hidden,
        hidden_reason=i.hidden_reason if hidden else None,
        supports=v.supports,
        created_at=i.created_at,
        comments=comments,
        history=[
            EventOut(
                kind=e.kind,
                status=e.status,
                answer=e.answer,
                actor=e.actor,
                actor_name=e.actor_name,
                at=e.created_at,
            )
            for e in v.history
        ],
    )
