"""Exports that stream: CSV (UTF-8 with BOM), NDJSON and XLSX, one row per response.

Columns, fixed and in this order:
  response_id, area, mode, locale, survey_version, submitted_at (UTC, ISO 8601), is_consensus
  (0/1), group_label, is_demo (0/1) (and `survey`, the version answered, when the campaign offers
  several); then per theme in the standard order `<theme>` (a score on the survey's own scale, `dk` for
  don't know, empty when skipped), `<theme>_good` and `<theme>_better` (only comments staff
  approved, e-mail addresses and phone numbers masked as `[e-mail hidden]` and `[phone hidden]`);
  then `profile_<question>` per profile question. Text cells starting with = + - @ (or a tab or
  carriage return) get a leading apostrophe so spreadsheets never run them as formulas.

The rows come from Core scans (app/results/export_rows.py). Each stream runs after the request's
session has closed, so it reads in a read-only session of its own that lives as long as the stream.
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlmodel import Session

from app.common.text import neutralise_formula
from app.db import read_only
from app.models import Campaign
from app.results import export_xlsx
from app.results.export_rows import BASE, batches, columns
from app.results.export_xlsx import Rows

__all__ = ["BASE", "columns", "csv_stream", "ndjson_stream", "safe", "xlsx_stream"]
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value: object) -> object:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    return neutralise_formula(value)  # also after leading spaces: " =1+1" (app/common/text.py)


@contextmanager
def _rows(campaign: Campaign | int) -> Iterator[tuple[list[object], Iterator[list[list[object]]]]]:
    """The header and the row batches, read in a session that ends with the block (or when the
    client goes away and the stream is closed)."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.id
    with read_only() as session:
        found = session.get(Campaign, campaign_id)
        assert found is not None
        yield list(columns(found)), batches(session.connection(), found)


def csv_stream(campaign: Campaign | int) -> Iterator[bytes]:
    """The CSV export of a campaign (or its id), batch by batch; starts with a BOM so Excel reads
    it as UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    with _rows(campaign) as (header, parts):
        writer.writerow(header)
        yield ("\ufeff" + _drain(buf)).encode()
        for part in parts:
            writer.writerows(part)
            yield _drain(buf).encode()


def ndjson_stream(campaign: Campaign | int) -> Iterator[bytes]:
    """One JSON object per response and line, with the CSV's columns and cells (no BOM: JSON has none)."""
    with _rows(campaign) as (header, parts):
        for part in parts:
            yield "".join(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) + "\n"
                          for row in part).encode()


def xlsx_stream(campaign: Campaign | int,
                summary: Callable[[Session, Campaign], list[list[object]]]) -> Iterator[bytes]:
    """The XLSX export (a Summary sheet, then the responses), sent while it is written: its first
    bytes before any database work; `summary` makes the Summary sheet's rows in the stream's
    session once the responses are out."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.id

    @contextmanager
    def source() -> Iterator[tuple[list[object], Iterator[Rows], Callable[[], Rows]]]:
        with read_only() as session:
            found = session.get(Campaign, campaign_id)
            assert found is not None
            yield (list(columns(found)), batches(session.connection(), found),
                   lambda: [[safe(c) for c in line] for line in summary(session, found)])

    return export_xlsx.stream(source)


def _drain(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text
