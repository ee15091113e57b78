"""The youth council's say (ungdomsråd): a workshop of that kind sees the results and the open
outcomes, and records its statement, which the report prints and the outcome register keeps."""

from datetime import date

from sqlmodel import Session, col, select

from app.models.classes import YouthStatement
from app.models.common import utcnow
from app.models.outcomes import Outcome
from app.models.workshops import Workshop
from app.outcomes import hooks
from app.outcomes.vocab import OPEN_STATUSES
from app.workshops.vocab import N_

KINDS = {"politicians": N_("Politicians (politisk verksted)"),
         "youth_council": N_("Youth council (ungdomsråd)")}
STATEMENT_MAX = 4000


def statement_of(session: Session, workshop: Workshop) -> YouthStatement | None:
    """The statement row of a youth council workshop; None for a politicians' workshop."""
    return session.get(YouthStatement, workshop.id)


def make_youth(session: Session, workshop: Workshop) -> None:
    """Mark a new workshop as the youth council's (its statement is empty until recorded)."""
    session.add(YouthStatement(workshop_id=workshop.id))  # type: ignore[arg-type]


def open_outcomes(session: Session, workshop: Workshop) -> list[Outcome]:
    """The register's open outcomes for the workshop's campaigns, for the council to comment on."""
    if not workshop.campaign_ids:
        return []
    stmt = (select(Outcome).where(Outcome.organisation_id == workshop.organisation_id,
                                  col(Outcome.campaign_id).in_(workshop.campaign_ids),
                                  col(Outcome.status).in_(OPEN_STATUSES), Outcome.origin != "youth")
            .order_by(col(Outcome.id)).limit(100))
    return list(session.exec(stmt))


def check(text: str, adopted_on: str) -> dict[str, str]:
    """Messages (msgids) per field of the statement form."""
    errors = {}
    if not text.strip():
        errors["statement_text"] = N_("Please fill this in.")
    elif len(text) > STATEMENT_MAX:
        errors["statement_text"] = N_("This text is too long.")
    if adopted_on.strip():
        try:
            date.fromisoformat(adopted_on.strip())
        except ValueError:
            errors["statement_adopted_on"] = N_("Write the date as YYYY-MM-DD, for example 2027-05-04.")
    return errors


def record(session: Session, workshop: Workshop, row: YouthStatement, text: str, adopted_on: str,
           title: str) -> None:
    """Store the checked statement and keep its entry in the outcome register in step."""
    row.text, row.updated_at = text.strip(), utcnow()
    row.adopted_on = date.fromisoformat(adopted_on.strip()) if adopted_on.strip() else None
    outcome = hooks.from_youth_statement(session, workshop, title, row.text, row.outcome_id)
    row.outcome_id = outcome.id
    session.add(row)
