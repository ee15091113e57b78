"""The status table for the årsmelding: one row per outcome, as CSV and XLSX, safe from formulas."""

import csv
import io
from datetime import date

from openpyxl import Workbook
from sqlmodel import Session, col, select

from app.common.text import neutralise_formula
from app.models import Campaign
from app.models.outcomes import Outcome, OutcomeEvent
from app.outcomes import routing
from app.outcomes.vocab import OPEN_STATUSES

HEADER = ["id", "title", "status", "status_date", "reason", "plan_step", "level", "case_number", "decision",
          "decision_url", "unit", "responsible", "due_on", "overdue", "campaign", "public"]
MAX_ROWS = 20_000


def rows(session: Session, organisation_id: int, today: date | None = None) -> list[list[object]]:
    """Every outcome of the organisation with its latest status date (what was done and not done)."""
    today = today or date.today()
    units = {u.id: u.name for u in routing.units(session, organisation_id)}
    stmt = select(Outcome).where(Outcome.organisation_id == organisation_id).order_by(col(Outcome.id))
    outcomes = list(session.exec(stmt.limit(MAX_ROWS)))
    last: dict[int, date] = {}
    for oid, at in session.exec(select(OutcomeEvent.outcome_id, OutcomeEvent.created_at).where(
            col(OutcomeEvent.outcome_id).in_([o.id for o in outcomes]))) if outcomes else []:
        last[oid] = max(last.get(oid, at.date()), at.date())
    titles = dict(session.exec(select(Campaign.id, Campaign.title).where(
        Campaign.organisation_id == organisation_id)).all())
    out: list[list[object]] = []
    for o in outcomes:
        late = o.due_on is not None and o.due_on < today and o.status in OPEN_STATUSES
        changed = last.get(o.id or 0, o.created_at.date()).isoformat()
        out.append([o.id, o.title, o.status, changed, o.status_reason,
                    o.plan_step, o.level, o.case_number, o.decision, o.decision_url, units.get(o.unit_id, ""),
                    o.responsible, o.due_on.isoformat() if o.due_on else "", "yes" if late else "",
                    titles.get(o.campaign_id, ""), "yes" if o.is_public else ""])
    return [[neutralise_formula(v) for v in line] for line in out]


def to_csv(lines: list[list[object]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(lines)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # a BOM, so spreadsheets read UTF-8


def to_xlsx(lines: list[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("outcomes")
    sheet.append(HEADER)
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
