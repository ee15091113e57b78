"""Walk-and-talk and workshop notes as CSV and XLSX: one row per note, with its session and stop.

Beside the responses export (which has one row per response): notes belong to a session, not to
a response. Only the campaign's own organisation gets them, and every text cell is made safe from
spreadsheet formulas as in the other exports."""

import csv
import io

from fastapi import Depends
from fastapi.responses import Response
from openpyxl import Workbook
from sqlmodel import Session, col, select

from app.auth.web import require
from app.campaigns.access import campaign_for
from app.common.text import neutralise_formula
from app.db import ReadSession
from app.models import Area, Campaign, FieldNote, FieldSession, User
from app.web.routing import Router

router = Router(prefix="/staff/results", include_in_schema=False)
COLUMNS = ["session_id", "session_kind", "session_title", "held_on", "area", "group_label",
           "stop_number", "stop", "note_id", "created_at", "text"]
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows(session: Session, campaign: Campaign) -> list[list[object]]:
    """Every note of the campaign's field sessions, by session and time (stops numbered from 1)."""
    stmt = (
        select(FieldSession, FieldNote, Area.slug)
        .join(FieldNote, col(FieldNote.session_id) == FieldSession.id)
        .join(Area, col(Area.id) == FieldSession.area_id)
        .where(FieldSession.campaign_id == campaign.id)
        .order_by(col(FieldSession.held_on), col(FieldSession.id), col(FieldNote.created_at),
                  col(FieldNote.id))
    )
    out: list[list[object]] = []
    for fs, note, area in session.exec(stmt).all():
        named = note.stop is not None and 0 <= note.stop < len(fs.stops)
        line: list[object] = [
            fs.id, fs.kind, fs.title, fs.held_on.isoformat(), area, fs.group_label,
            note.stop + 1 if named and note.stop is not None else None,
            fs.stops[note.stop] if named and note.stop is not None else "",
            note.id, note.created_at.isoformat(), note.text,
        ]
        out.append([neutralise_formula(cell) for cell in line])
    return out


def to_csv(lines: list[list[object]]) -> bytes:
    """UTF-8 with a byte order mark, so spreadsheets read the letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(["" if c is None else c for c in line] for line in lines)
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(lines: list[list[object]]) -> bytes:
    """One sheet, 'field_notes'."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "field_notes"
    sheet.append(COLUMNS)
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _download(content: bytes, media: str, name: str) -> Response:
    return Response(content, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@router.get("/{slug}/field-notes.csv")
def notes_csv(slug: str, session: ReadSession, user: User = Depends(require("results.export"))) -> Response:
    """The campaign's walk-and-talk and workshop notes as CSV."""
    campaign = campaign_for(session, user, slug)
    return _download(to_csv(rows(session, campaign)), "text/csv; charset=utf-8", f"{slug}-field-notes.csv")


@router.get("/{slug}/field-notes.xlsx")
def notes_xlsx(slug: str, session: ReadSession, user: User = Depends(require("results.export"))) -> Response:
    """The campaign's walk-and-talk and workshop notes as XLSX."""
    campaign = campaign_for(session, user, slug)
    return _download(to_xlsx(rows(session, campaign)), XLSX_MEDIA, f"{slug}-field-notes.xlsx")
