"""A group's answer to one step: read from the form, checked, and stored once per group and step."""

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.common.text import ascii_int
from app.db import savepoint
from app.dilemmas.scenarios import Scenario
from app.dilemmas.vocab import EFFECTS, N_, TEXT_MAX
from app.models.common import utcnow
from app.models.dilemmas import DilemmaAnswer, DilemmaGroup, DilemmaSession

CLOSED = N_("This session is closed, so the answer was not stored.")
NOT_YET = N_("The facilitator has not shown this step yet.")


@dataclass
class AnswerForm:
    """What a group typed for one step, kept as text so a refused form shows it again."""

    step: str = ""
    effects: dict[str, str] = field(default_factory=dict)  # slug -> "+", "-" (or junk, until checked)
    conflicts: str = ""
    winwin: str = ""

    @classmethod
    def read(cls, data: dict[str, str], scenario: Scenario) -> "AnswerForm":
        """Only the scenario's own slugs are read (as `e-<slug>`); anything else is ignored."""
        effects = {k: data.get(f"e-{k}", "").strip() for k in scenario.effect_keys()}
        return cls(step=data.get("step", "").strip(), effects={k: v for k, v in effects.items() if v},
                   conflicts=data.get("conflicts", "").strip(), winwin=data.get("winwin", "").strip())

    @classmethod
    def of(cls, answer: DilemmaAnswer | None, step: int) -> "AnswerForm":
        if answer is None:
            return cls(step=str(step))
        return cls(step=str(step), effects=dict(answer.effects), conflicts=answer.conflicts,
                   winwin=answer.winwin)


def check(form: AnswerForm, row: DilemmaSession) -> tuple[int | None, dict[str, str]]:
    """The step the answer is for, and errors by field (msgids); a step not shown yet is refused."""
    errors: dict[str, str] = {}
    step = ascii_int(form.step, maximum=999)
    if step is None or step < 0 or step > len(row.scenario["injects"]):
        errors["step"] = N_("The form is damaged. Reload the page and try again.")
    elif step > row.step:
        errors["step"] = NOT_YET
    for slug, value in form.effects.items():
        if value not in EFFECTS:
            errors[f"e-{slug}"] = N_("Choose positive, negative or not affected.")
    for name in ("conflicts", "winwin"):
        if len(getattr(form, name)) > TEXT_MAX:
            errors[name] = N_("At most %(max)s characters; this has %(n)s.")
    if not errors and not (form.effects or form.conflicts or form.winwin):
        errors["effects"] = N_("Mark at least one theme, or write a conflict or a win-win.")
    return step, errors


def save(session: Session, row: DilemmaSession, group: DilemmaGroup, step: int, form: AnswerForm,
         staff_id: int | None = None) -> DilemmaAnswer:
    """Store the group's answer to the step: the first post inserts, any later one (a retry, a
    second phone of the same group, a correction) updates the same row, so nothing is stored twice."""
    existing = answer_of(session, group, step)
    if existing is None:
        try:
            with savepoint(session):
                existing = DilemmaAnswer(session_id=row.id, group_id=group.id, step=step,  # type: ignore[arg-type]
                                         recorded_by=staff_id, effects=dict(form.effects),
                                         conflicts=form.conflicts, winwin=form.winwin)
                session.add(existing)
                session.flush()
            return existing
        except IntegrityError:  # another post for this group and step won the race: update it
            existing = answer_of(session, group, step)
            assert existing is not None
    existing.effects, existing.conflicts, existing.winwin = dict(form.effects), form.conflicts, form.winwin
    existing.updated_at = utcnow()
    existing.recorded_by = staff_id if staff_id is not None else existing.recorded_by
    session.add(existing)
    session.flush()
    return existing


def answer_of(session: Session, group: DilemmaGroup, step: int) -> DilemmaAnswer | None:
    stmt = select(DilemmaAnswer).where(DilemmaAnswer.group_id == group.id, DilemmaAnswer.step == step)
    return session.exec(stmt.execution_options(populate_existing=True)).first()


def answers_of(session: Session, row: DilemmaSession) -> list[DilemmaAnswer]:
    """Every answer of the session, by step and group."""
    stmt = select(DilemmaAnswer).where(DilemmaAnswer.session_id == row.id).order_by(
        col(DilemmaAnswer.step), col(DilemmaAnswer.group_id))
    return list(session.exec(stmt))
