"""Run a dilemma session: make it from a scenario, move through the steps, record principles, close it."""

import uuid
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.common.errors import ApiError
from app.common.paging import Page, paginate
from app.db import savepoint
from app.dilemmas.scenarios import Scenario, load_all, of_session
from app.dilemmas.vocab import GROUP_MAX, GROUPS_MAX, N_, PRINCIPLE_MAX, PRINCIPLES_MAX, TITLE_MAX
from app.models import User
from app.models.common import utcnow
from app.models.dilemmas import DilemmaGroup, DilemmaPrinciple, DilemmaSession
from app.workshops.service import new_code

PAGE_SIZE = 25
DAMAGED = N_("The form is damaged. Reload the page and try again.")


@dataclass
class SessionForm:
    """The new-session form as typed, kept as text so a form with errors shows what was typed."""

    title: str = ""
    scenario: str = ""
    groups: str = ""

    def group_names(self) -> list[str]:
        return [line.strip() for line in self.groups.splitlines() if line.strip()]


def validate(form: SessionForm) -> tuple[dict[str, str], dict[str, object]]:
    """Errors by field (msgids) and their arguments; empty when the form may be stored."""
    errors: dict[str, str] = {}
    args: dict[str, object] = {"max": TITLE_MAX, "groups_max": GROUPS_MAX, "name_max": GROUP_MAX}
    title = form.title.strip()
    if not title:
        errors["title"] = N_("Give the session a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = N_("The title can be at most %(max)s characters.")
    if form.scenario not in load_all():
        errors["scenario"] = N_("Choose one of the scenarios.")
    names = form.group_names()
    if not names:
        errors["groups"] = N_("Name at least one group, one per line.")
    elif len(names) > GROUPS_MAX:
        errors["groups"] = N_("At most %(groups_max)s groups.")
    elif any(len(n) > GROUP_MAX for n in names):
        errors["groups"] = N_("A group's name can be at most %(name_max)s characters.")
    elif len({n.casefold() for n in names}) != len(names):
        errors["groups"] = N_("Two groups have the same name.")
    return errors, args


def create(session: Session, user: User, form: SessionForm) -> DilemmaSession:
    """Store a validated session with its groups and a copy of the scenario as it is now."""
    scenario = load_all()[form.scenario]
    for _attempt in range(5):  # a code already taken (1 in 2^50) is simply drawn again
        row = DilemmaSession(organisation_id=user.organisation_id, title=form.title.strip(),
                             scenario_slug=scenario.slug, scenario_version=scenario.version,
                             scenario=scenario.model_dump(mode="json"), code=new_code(), created_by=user.id)
        try:
            with savepoint(session):
                session.add(row)
                session.flush()
            break
        except IntegrityError:
            continue
    for i, name in enumerate(form.group_names()):
        session.add(DilemmaGroup(session_id=row.id, name=name, position=i))  # type: ignore[arg-type]
    session.flush()
    return row


def sessions_page(session: Session, user: User, number: int) -> Page[DilemmaSession]:
    """The organisation's sessions, newest first."""
    stmt = select(DilemmaSession).where(DilemmaSession.organisation_id == user.organisation_id).order_by(
        col(DilemmaSession.id).desc())
    return paginate(stmt, session, number, PAGE_SIZE)


def scenario_of(row: DilemmaSession) -> Scenario:
    return of_session(row.scenario)


def last_step(row: DilemmaSession) -> int:
    """The principles step, after the last inject."""
    return len(row.scenario["injects"]) + 1


def groups_of(session: Session, row: DilemmaSession) -> list[DilemmaGroup]:
    stmt = select(DilemmaGroup).where(DilemmaGroup.session_id == row.id).order_by(col(DilemmaGroup.position))
    return list(session.exec(stmt))


def group_of(session: Session, row: DilemmaSession, group_id: int) -> DilemmaGroup | None:
    group = session.get(DilemmaGroup, group_id)
    return group if group is not None and group.session_id == row.id else None


def move(session: Session, row: DilemmaSession, to: int) -> None:
    """Show another step; the number is kept within the scenario."""
    row.step = max(0, min(to, last_step(row)))
    session.add(row)
    session.flush()


def set_closed(session: Session, row: DilemmaSession, closed: bool) -> None:
    """Close the session (phones may no longer answer) or open it again."""
    row.closed_at = utcnow() if closed else None
    session.add(row)
    session.flush()


def principles_of(session: Session, row: DilemmaSession) -> list[DilemmaPrinciple]:
    stmt = select(DilemmaPrinciple).where(DilemmaPrinciple.session_id == row.id).order_by(
        col(DilemmaPrinciple.created_at), col(DilemmaPrinciple.id))
    return list(session.exec(stmt))


def principle_error(session: Session, row: DilemmaSession, text: str) -> str | None:
    """Why a principle cannot be added (a msgid), or None."""
    if not text.strip():
        return N_("Write the principle the room agreed on.")
    if len(text.strip()) > PRINCIPLE_MAX:
        return N_("A principle can be at most %(max)s characters.")
    count = session.exec(select(func.count()).select_from(DilemmaPrinciple).where(
        DilemmaPrinciple.session_id == row.id)).one()
    if int(count) >= PRINCIPLES_MAX:
        return N_("At most %(n)s principles per session.")
    return None


def add_principle(session: Session, row: DilemmaSession, principle_id: str, text: str) -> bool:
    """Store a principle under the form's own id; False when that id is stored already (a retry)."""
    try:
        key = str(uuid.UUID(principle_id))
    except ValueError:
        raise ApiError(400, "bad_id", DAMAGED) from None
    existing = session.get(DilemmaPrinciple, key)
    if existing is not None:
        if existing.session_id != row.id:
            raise ApiError(409, "id_in_use", DAMAGED)
        return False
    try:
        with savepoint(session):
            session.add(DilemmaPrinciple(id=key, session_id=row.id, text=text.strip()))  # type: ignore[arg-type]
            session.flush()
    except IntegrityError:  # the same post arrived twice at once: the other one stored it
        return False
    return True


def remove_principle(session: Session, row: DilemmaSession, principle_id: str) -> None:
    found = session.get(DilemmaPrinciple, principle_id)
    if found is not None and found.session_id == row.id:
        session.delete(found)
        session.flush()


def find_by_code(session: Session, code: str) -> DilemmaSession | None:
    """The session with this (normalised) join code; only reads."""
    return session.exec(select(DilemmaSession).where(DilemmaSession.code == code)).first()
