"""Context figures (typed in or from a CSV, each with its source) and the recorded outcome."""

import csv
import io

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.ideas.vocab import ACTORS
from app.models.workshops import OutcomeItem, Workshop, WorkshopFigure
from app.outcomes import hooks
from app.workshops.vocab import N_, OUTCOME_KINDS, PLANS, TEXT_MAX

FIGURE_HEADER = ["label", "area", "value", "source"]
LIMITS = {"label": 200, "area": 200, "value": 60, "source": 300}
MAX_FIGURES = 200


def check_figure(data: dict[str, str]) -> dict[str, str]:
    """Messages (msgids) per field of one typed figure."""
    errors = {}
    for name in ("label", "value", "source"):
        if not data.get(name, "").strip():
            errors[name] = N_("Please fill this in.")
    for name, limit in LIMITS.items():
        if len(data.get(name, "")) > limit:
            errors[name] = N_("This text is too long.")
    return errors


def _next_position(session: Session, workshop: Workshop) -> int:
    stmt = select(func.max(WorkshopFigure.position)).where(WorkshopFigure.workshop_id == workshop.id)
    return int(session.exec(stmt).one() or 0) + 1  # type: ignore[call-overload]


def add_figure(session: Session, workshop: Workshop, data: dict[str, str]) -> None:
    clean = {k: data.get(k, "").strip() for k in LIMITS}
    session.add(WorkshopFigure(workshop_id=workshop.id, position=_next_position(session, workshop),  # type: ignore[arg-type]
                               label=clean["label"], area=clean["area"], value=clean["value"],
                               source=clean["source"]))


Problem = tuple[str, dict[str, object]]  # a msgid and its placeholders


def parse_figures(raw: bytes) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows of a figures CSV (label, area, value, source); every problem named with its line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(N_("The file must be UTF-8 text."), {})]
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows or [h.strip().lower() for h in rows[0]] != FIGURE_HEADER:
        return [], [(N_("The first line must be: label, area, value, source."), {})]
    out: list[dict[str, str]] = []
    errors: list[Problem] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != 4:
            errors.append((N_("Line %(line)s: expected 4 values, found %(n)s."),
                           {"line": line, "n": len(row)}))
            continue
        data = dict(zip(FIGURE_HEADER, (c.strip() for c in row), strict=True))
        if check_figure(data):
            errors.append((N_("Line %(line)s: label, value and source are needed, and each must be short."),
                           {"line": line}))
            continue
        out.append(data)
    if not out and not errors:
        errors.append((N_("The file has no rows."), {}))
    if len(out) > MAX_FIGURES:
        errors.append((N_("At most %(max)s figures per file."), {"max": MAX_FIGURES}))
    return (out, []) if not errors else ([], errors[:20])


def add_figures(session: Session, workshop: Workshop, rows: list[dict[str, str]]) -> int:
    start = _next_position(session, workshop)
    for i, data in enumerate(rows):
        session.add(WorkshopFigure(workshop_id=workshop.id, position=start + i, **data))  # type: ignore[arg-type]
    return len(rows)


def delete_row(session: Session, workshop: Workshop, model: type, row_id: int) -> None:
    row = session.get(model, row_id)
    if row is not None and row.workshop_id == workshop.id:
        session.delete(row)


def check_outcome(data: dict[str, str], options: list[str]) -> dict[str, str]:
    errors = {}
    if data.get("kind") not in OUTCOME_KINDS:
        errors["kind"] = N_("Choose priority or action.")
    if not data.get("text", "").strip():
        errors["text"] = N_("Please fill this in.")
    elif len(data["text"]) > TEXT_MAX:
        errors["text"] = N_("This text is too long.")
    if data.get("option") and data["option"] not in options:
        errors["option"] = N_("Choose from the list.")
    if data.get("actor") and data["actor"] not in ACTORS:
        errors["actor"] = N_("Choose from the list.")
    if len(data.get("responsible", "")) > 200:
        errors["responsible"] = N_("This text is too long.")
    if data.get("plan") not in PLANS:
        errors["plan"] = N_("Choose the plan this feeds.")
    return errors


def add_outcome(session: Session, workshop: Workshop, data: dict[str, str]) -> OutcomeItem:
    stmt = select(func.max(OutcomeItem.position)).where(OutcomeItem.workshop_id == workshop.id)
    item = OutcomeItem(workshop_id=workshop.id, kind=data["kind"], text=data["text"].strip(),  # type: ignore[arg-type]
                       option=data.get("option", ""), actor=data.get("actor", ""),
                       responsible=data.get("responsible", "").strip(), plan=data["plan"],
                       position=int(session.exec(stmt).one() or 0) + 1)  # type: ignore[call-overload]
    session.add(item)
    session.flush()
    hooks.from_workshop_item(session, workshop, item)  # the register follows it from here on
    return item


def outcome_of(session: Session, workshop: Workshop) -> list[OutcomeItem]:
    stmt = select(OutcomeItem).where(OutcomeItem.workshop_id == workshop.id).order_by(
        col(OutcomeItem.kind).desc(), col(OutcomeItem.position))
    return list(session.exec(stmt))
