"""Exports that stream: CSV (UTF-8 with BOM) and XLSX, one row per response, in batches.

Columns, fixed and in this order:
  response_id, area, mode, locale, survey_version, submitted_at (UTC, ISO 8601), is_consensus
  (0/1), group_label, is_demo (0/1); then per theme in the standard order `<theme>` (1-7, `dk` for
  don't know, empty when skipped), `<theme>_good` and `<theme>_better` (only comments staff
  approved, with e-mail addresses and phone numbers masked); then `profile_<question>` per
  profile question. Text cells starting with = + - @ (or a tab or carriage return) get a
  leading apostrophe so spreadsheets never run them as formulas.
"""

import csv
import io
import os
import tempfile
from collections.abc import Iterator

from openpyxl import Workbook
from sqlmodel import Session, col, select

from app.common.text import neutralise_formula
from app.db import read_only
from app.models import Answer, Area, Campaign, ProfileAnswer, Response
from app.models.results import CommentReview
from app.results.service import mask, themes_of
from app.surveys.definitions import get_survey

BATCH = 2000
BASE = ["response_id", "area", "mode", "locale", "survey_version", "submitted_at", "is_consensus",
        "group_label", "is_demo"]
RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> object:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    return neutralise_formula(value)  # also after leading spaces: " =1+1" (app/common/text.py)


def columns(campaign: Campaign) -> list[str]:
    """The fixed header of a campaign's export."""
    survey = get_survey(campaign.survey_slug)
    questions = [q.key for q in survey.profile] if survey else []
    per_theme = [c for t in themes_of(campaign) for c in (t, f"{t}_good", f"{t}_better")]
    return [*BASE, *per_theme, *(f"profile_{q}" for q in questions)]


def rows(session: Session, campaign: Campaign) -> Iterator[list[object]]:
    """Every response of a campaign as a list of cells, BATCH responses at a time (three queries
    per batch: responses, answers with their reviews, profile answers)."""
    campaign_id = campaign.id
    themes = themes_of(campaign)
    questions = [h.removeprefix("profile_") for h in columns(campaign) if h.startswith("profile_")]
    areas = dict(session.exec(select(Area.id, Area.slug).where(Area.campaign_id == campaign_id)).all())
    last = ""
    while True:
        batch = session.exec(
            select(Response).where(Response.campaign_id == campaign_id, Response.id > last)
            .order_by(col(Response.id)).limit(BATCH)).all()
        if not batch:
            return
        ids = [r.id for r in batch]
        last = ids[-1]
        answers: dict[str, dict[str, tuple]] = {}
        for a, good_ok, better_ok in session.exec(_answers(ids)):
            answers.setdefault(a.response_id, {})[a.theme] = (
                a.score, a.good if good_ok else None, a.better if better_ok else None)
        profile: dict[str, dict[str, str]] = {}
        for p in session.exec(select(ProfileAnswer).where(col(ProfileAnswer.response_id).in_(ids))):
            profile.setdefault(p.response_id, {})[p.question] = p.value
        for r in batch:
            yield _row(r, areas, themes, questions, answers.get(r.id, {}), profile.get(r.id, {}))
        session.expunge_all()


def _answers(ids: list[str]):  # type: ignore[no-untyped-def]
    good, better = CommentReview.__table__.alias("good"), CommentReview.__table__.alias("better")  # type: ignore[attr-defined]

    def approved(alias, kind):  # type: ignore[no-untyped-def]
        return ((alias.c.response_id == Answer.response_id) & (alias.c.theme == Answer.theme)
                & (alias.c.kind == kind) & (alias.c.status == "approved"))

    return (select(Answer, good.c.status.is_not(None), better.c.status.is_not(None))
            .outerjoin(good, approved(good, "good")).outerjoin(better, approved(better, "better"))
            .where(col(Answer.response_id).in_(ids)))


def _row(r: Response, areas: dict, themes: list[str], questions: list[str], answers: dict,
         profile: dict) -> list[object]:
    out: list[object] = [r.id, areas.get(r.area_id, ""), r.mode, r.locale, r.survey_version,
                         r.submitted_at.isoformat(), int(r.is_consensus), safe(r.group_label or ""),
                         int(r.is_demo)]
    for t in themes:
        if t not in answers:
            out.extend(["", "", ""])
            continue
        score, good, better = answers[t]
        out.extend(["dk" if score is None else score, safe(mask(good)) if good else "",
                    safe(mask(better)) if better else ""])
    out.extend(profile.get(q, "") for q in questions)
    return out


def csv_stream(campaign: Campaign | int) -> Iterator[bytes]:
    """The CSV export of a campaign (or its id), chunk by chunk; starts with a BOM so Excel reads
    it as UTF-8. The stream runs after the request's session has closed, so it reads in a
    session of its own."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.id
    with read_only() as session:
        found = session.get(Campaign, campaign_id)
        assert found is not None
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns(found))
        yield ("\ufeff" + _drain(buf)).encode()
        for i, row in enumerate(rows(session, found), start=1):
            writer.writerow(row)
            if i % 500 == 0:
                yield _drain(buf).encode()
        yield _drain(buf).encode()


def _drain(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def xlsx_file(session: Session, campaign: Campaign, summary: list[list[object]]) -> str:
    """Write the XLSX export (summary sheet, then responses) to a temporary file; returns its path.

    openpyxl's write-only mode streams rows to disk, so memory stays flat at any size.
    """
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Summary")
    for line in summary:
        sheet.append([safe(c) for c in line])
    data = wb.create_sheet("Responses")
    data.append(columns(campaign))
    for row in rows(session, campaign):
        data.append(row)
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="medvirk-")
    os.close(fd)
    wb.save(path)
    return path


def file_chunks(path: str, size: int = 1 << 16) -> Iterator[bytes]:
    """Stream a temporary file and delete it afterwards."""
    try:
        with open(path, "rb") as f:
            while chunk := f.read(size):
                yield chunk
    finally:
        os.unlink(path)
