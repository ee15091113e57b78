"""Worksheets: open one for a plan or case, answer its questions, link it to the outcome register."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.common.paging import Page, paginate
from app.common.text import id_or_none
from app.models import Campaign
from app.models.common import utcnow
from app.models.outcomes import Outcome
from app.models.sustainability import Worksheet, WorksheetAnswer, WorksheetContent
from app.outcomes import service as outcomes
from app.outcomes.service import OutcomeForm
from app.sustainability.content import ContentError, Worksheets, load_all_sheets
from app.sustainability.vocab import CASE_MAX, CHOICES, N_, NAME_MAX, PLAN_STEP_OF, REASON_MAX

Errors = dict[str, str]  # field -> msgid
COMPASS_SURVEY = "stedskompasset"


@dataclass
class WorksheetForm:
    """What staff type to open a worksheet; kept as typed so a refused form shows it again."""

    name: str = ""
    plan_level: str = ""
    case_number: str = ""
    campaign: str = ""


def current() -> Worksheets:
    """The worksheet set new worksheets are opened with (the first file, by name)."""
    return next(iter(load_all_sheets().values()))


def _structure(sheets: Worksheets) -> tuple:
    """What answers depend on: the themes and plan levels."""
    return tuple(sheets.theme_slugs), tuple(p.slug for p in sheets.plan_levels)


def remember(session: Session, sheets: Worksheets) -> None:
    """Keep a copy of this content version; a text fix updates it, a new structure needs a new version."""
    row = session.get(WorksheetContent, (sheets.slug, sheets.version))
    data = sheets.model_dump(mode="json")
    if row is None:
        session.add(WorksheetContent(slug=sheets.slug, version=sheets.version, content=data))
    elif row.content != data:
        if _structure(Worksheets.model_validate(row.content)) != _structure(sheets):
            raise ContentError(f"toolbox/worksheets/{sheets.slug}.yaml: version: themes or plan levels "
                               f"changed but version is still {sheets.version}; raise the version")
        row.content = data
        session.add(row)
    session.flush()


def content_of(session: Session, ws: Worksheet) -> Worksheets:
    """The content a worksheet was filled in with: the file's when the version matches, else the copy."""
    found = load_all_sheets().get(ws.content_slug)
    if found is not None and found.version == ws.content_version:
        return found
    row = session.get(WorksheetContent, (ws.content_slug, ws.content_version))
    if row is None:
        raise ContentError(f"toolbox/worksheets/{ws.content_slug}.yaml: version {ws.content_version} is gone")
    return Worksheets.model_validate(row.content)


def compass_campaigns(session: Session, organisation_id: int) -> list[Campaign]:
    """The organisation's Stedskompasset campaigns, newest first, whose scores can stand beside themes."""
    stmt = select(Campaign).where(Campaign.organisation_id == organisation_id,
                                  Campaign.survey_slug == COMPASS_SURVEY)
    return list(session.exec(stmt.order_by(col(Campaign.created_at).desc()).limit(200)))


def campaign_of(session: Session, organisation_id: int, raw: object) -> Campaign | None:
    key = id_or_none(raw)
    found = session.get(Campaign, key) if key is not None else None
    if found is None or found.organisation_id != organisation_id or found.survey_slug != COMPASS_SURVEY:
        return None
    return found


def check(session: Session, organisation_id: int, form: WorksheetForm) -> Errors:
    """Messages (msgids) per field; an empty dict when the worksheet can be opened."""
    errors: Errors = {}
    if not form.name.strip():
        errors["name"] = N_("Please fill this in.")
    elif len(form.name) > NAME_MAX:
        errors["name"] = N_("This text is too long.")
    if current().level(form.plan_level) is None:
        errors["plan_level"] = N_("Choose from the list.")
    if len(form.case_number) > CASE_MAX:
        errors["case_number"] = N_("This text is too long.")
    if form.campaign and campaign_of(session, organisation_id, form.campaign) is None:
        errors["campaign"] = N_("Choose from the list.")
    return errors


def create(session: Session, organisation_id: int, user_id: int | None, form: WorksheetForm) -> Worksheet:
    """Open a checked worksheet with the current content, whose version it keeps."""
    sheets = current()
    remember(session, sheets)
    ws = Worksheet(organisation_id=organisation_id, content_slug=sheets.slug, content_version=sheets.version,
                   plan_level=form.plan_level, name=form.name.strip(), case_number=form.case_number.strip(),
                   campaign_id=int(form.campaign) if form.campaign else None, created_by=user_id)
    session.add(ws)
    session.flush()
    return ws


def update(session: Session, ws: Worksheet, form: WorksheetForm) -> None:
    """Change name, saksnummer and campaign (the plan level stays: the questions depend on it)."""
    ws.name, ws.case_number = form.name.strip(), form.case_number.strip()
    ws.campaign_id = int(form.campaign) if form.campaign else None
    ws.updated_at = utcnow()
    session.add(ws)


def get(session: Session, organisation_id: int, worksheet_id: int) -> Worksheet | None:
    ws = session.get(Worksheet, worksheet_id)
    return ws if ws is not None and ws.organisation_id == organisation_id else None


def list_page(session: Session, organisation_id: int, number: int) -> Page[Worksheet]:
    stmt = select(Worksheet).where(Worksheet.organisation_id == organisation_id)
    return paginate(stmt.order_by(col(Worksheet.id).desc()), session, number)


def answers(session: Session, ws: Worksheet) -> dict[str, WorksheetAnswer]:
    """The stored answers by theme."""
    stmt = select(WorksheetAnswer).where(WorksheetAnswer.worksheet_id == ws.id)
    return {a.theme: a for a in session.exec(stmt)}


def check_answers(sheets: Worksheets, typed: dict[str, tuple[str, str]]) -> Errors:
    """Each answer is one of the choices; a negative one needs its reason (politicians weigh it)."""
    errors: Errors = {}
    themes = set(sheets.theme_slugs)
    for theme, (choice, reason) in typed.items():
        if theme not in themes:
            continue
        if choice and choice not in CHOICES:
            errors[f"choice-{theme}"] = N_("Choose from the list.")
        elif choice == "negative" and not reason.strip():
            errors[f"reason-{theme}"] = N_("Say why the effect is negative.")
        if len(reason) > REASON_MAX:
            errors[f"reason-{theme}"] = N_("This text is too long.")
    return errors


def save_answers(session: Session, ws: Worksheet, sheets: Worksheets,
                 typed: dict[str, tuple[str, str]]) -> None:
    """Store checked answers; an empty choice with no reason removes the answer."""
    stored = answers(session, ws)
    for theme in sheets.theme_slugs:
        if theme not in typed:
            continue
        choice, reason = typed[theme][0], typed[theme][1].strip()
        row = stored.get(theme)
        if not choice and not reason:
            if row is not None:
                session.delete(row)
            continue
        row = row or WorksheetAnswer(worksheet_id=ws.id, theme=theme, choice="")  # type: ignore[arg-type]
        row.choice, row.reason = choice or "not_assessed", reason
        session.add(row)
    ws.updated_at = utcnow()
    session.add(ws)
    session.flush()


def link_outcome(session: Session, ws: Worksheet, raw: object) -> Errors:
    """Link an existing entry of the organisation's outcome register."""
    key = id_or_none(raw)
    outcome = outcomes.get(session, ws.organisation_id, key) if key is not None else None
    if outcome is None:
        return {"outcome": N_("Choose from the list.")}
    ws.outcome_id = outcome.id
    session.add(ws)
    return {}


def create_outcome(session: Session, ws: Worksheet, user_id: int | None, title: str, note: str) -> Outcome:
    """Make a register entry for the worksheet (plan step, saksnummer, campaign) and link it."""
    form = OutcomeForm(title=title[:200], internal_note=note[:4000], case_number=ws.case_number,
                       plan_step=PLAN_STEP_OF.get(ws.plan_level, ""),
                       campaign=str(ws.campaign_id) if ws.campaign_id else "")
    outcome = outcomes.create(session, ws.organisation_id, user_id, form, origin="worksheet")
    ws.outcome_id = outcome.id
    session.add(ws)
    return outcome


def by_outcome(session: Session, organisation_id: int, outcome_id: int) -> Worksheet | None:
    """The worksheet linked to a register entry, for the register's link back."""
    stmt = select(Worksheet).where(Worksheet.organisation_id == organisation_id,
                                   Worksheet.outcome_id == outcome_id)
    return session.exec(stmt.order_by(col(Worksheet.id))).first()


def recent_outcomes(session: Session, organisation_id: int) -> list[Outcome]:
    return outcomes.register_page(session, organisation_id, 1).items
