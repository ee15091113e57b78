"""Shared by the workshop toolbox tests: a filled-in worksheet and a finished dilemma session of an
organisation, stored through the sustainability and dilemmas domains' own services."""

import uuid

from sqlmodel import Session

from app.auth.service import create_user, get_or_create_organisation
from app.dilemmas import answers as dilemma_answers
from app.dilemmas import service as dilemmas
from app.dilemmas.service import SessionForm
from app.models.dilemmas import DilemmaSession
from app.models.sustainability import Worksheet
from app.sustainability import service as sheets
from app.sustainability.service import WorksheetForm
from tests.sustainability_support import ANSWERS

CONFLICT = "Boliger på elvesletta tar flommarka"
PRINCIPLE = "Flomsoner bygges ikke ut, heller ikke for boliger"


def toolbox(session: Session, org: str, name: str = "Boligfelt Myrvoll",
            closed: bool = True) -> tuple[Worksheet, DilemmaSession]:
    """A saksbehandling worksheet with two målkonflikter, and a session with a conflict and a principle."""
    organisation = get_or_create_organisation(session, org, org.title())
    name_of_user = f"planlegger-{uuid.uuid4().hex[:6]}"
    user = create_user(session, name_of_user, "admin", organisation, password="x" * 20)
    ws = sheets.create(session, organisation.id, user.id,  # type: ignore[arg-type]
                       WorksheetForm(name=name, plan_level="saksbehandling", case_number="2027/123"))
    sheets.save_answers(session, ws, sheets.current(), ANSWERS)
    form = SessionForm(title=f"Dilemmatrening {name}", groups="Gruppe 1\nGruppe 2",
                       scenario="boliger-pa-elvesletta")
    row = dilemmas.create(session, user, form)
    group = dilemmas.groups_of(session, row)[0]
    keys = dilemmas.scenario_of(row).effect_keys()
    form = dilemma_answers.AnswerForm(step="1", effects={keys[1]: "+", keys[-1]: "-"}, conflicts=CONFLICT)
    dilemma_answers.save(session, row, group, 1, form)
    dilemmas.add_principle(session, row, str(uuid.uuid4()), PRINCIPLE)
    if closed:
        dilemmas.set_closed(session, row, True)
    session.commit()  # services only flush; the test is the unit of work here
    return ws, row
