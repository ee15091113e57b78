"""Shared by the outcome tests: two rounds of a campaign with public results, a unit, and a public
outcome made from a workshop's priority with two ideas and a theme linked."""

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.db import unit_of_work
from app.models import Campaign, Workshop
from app.models.outcomes import Outcome
from app.outcomes import routing, service
from app.outcomes.service import OutcomeForm
from app.results import disclosure
from app.workshops import records
from tests.workshops_support import LOW, Setup, _answer, demo_like

SECRET = "Internt: budsjett ikke avklart"


@dataclass
class Rounds:
    first: Setup
    second: Setup
    outcome_id: int
    hidden_id: int


def two_rounds(session: Session) -> Rounds:
    """Round 1 and round 2 (5 more answers scoring the low theme 7), both published with a release."""
    first = demo_like(session, slug="sentrum-2025")
    second = demo_like(session, slug="sentrum-2027")
    c1, c2 = session.get(Campaign, first.campaign.id), session.get(Campaign, second.campaign.id)
    assert c1 is not None and c2 is not None
    for _k in range(5):
        _answer(session, c2, second.user, "sentrum", 7)
    c1.results_public = c2.results_public = True
    c2.previous_campaign_id = c1.id
    c1.status = "closed"
    session.add_all([c1, c2])
    session.commit()
    for c in (c1, c2):
        disclosure.cut(session, c)  # the board made from results may have cut one already
    session.commit()
    with unit_of_work() as uow:
        org = c2.organisation_id
        routing.add_unit(uow, org, "Samferdsel")
        unit = routing.units(uow, org)[0]
        w = Workshop(organisation_id=org, title="Politisk verksted", code=uuid.uuid4().hex[:10].upper(),
                     campaign_ids=[c2.id], themes=[LOW], idea_ids=[i.id for i in second.ideas],
                     created_by=second.user.id)
        uow.add(w)
        uow.flush()
        item = records.add_outcome(uow, w, {"kind": "priority", "text": "Tryggere skolevei i Sentrum",
                                            "option": f"t:{LOW}", "actor": "municipality",
                                            "responsible": "Kari", "plan": "handlingsplan"})
        o = uow.exec(select(Outcome).where(Outcome.workshop_item_id == item.id)).one()
        for idea in second.ideas[:2]:
            assert service.add_source(uow, o, "idea", c2, idea.id) == {}
        form = OutcomeForm.of(o)
        form.unit, form.case_number, form.is_public = str(unit.id), "2027/481", True
        form.decision, form.decision_url = "Vedtatt i kommunestyret", "https://kommune.no/sak/2027-481"
        form.public_note, form.internal_note, form.level = "Fortau langs skoleveien.", SECRET, "II"
        service.update(uow, o, form)
        service.set_status(uow, o, "decided", "Vedtatt 12. mai", None)
        private = OutcomeForm(title="Ikke offentlig tiltak", campaign=str(c2.id))
        hidden = service.create(uow, org, None, private)
        oid, hid = o.id, hidden.id
    session.rollback()
    return Rounds(first, second, oid, hid)  # type: ignore[arg-type]
