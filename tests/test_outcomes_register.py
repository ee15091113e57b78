"""The outcome register as a service: workshop outcomes and idea statuses become entries, statuses keep
a dated history, sources must exist in the organisation, and routing fills inboxes and the overdue list."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.db import unit_of_work
from app.ideas import service as ideas
from app.models import CommentReview, Workshop
from app.models.outcomes import Outcome, OutcomeEvent, OutcomeSource, Unit
from app.outcomes import routing, service
from app.outcomes.service import OutcomeForm
from app.outcomes.vocab import PLAN_STEPS
from app.workshops import records
from tests.workshops_support import LOW, demo_like


def _workshop(session: Session, s) -> Workshop:  # type: ignore[no-untyped-def]
    w = Workshop(organisation_id=s.campaign.organisation_id, title="Verksted", code="ABCDEFGHJK",
                 campaign_ids=[s.campaign.id], themes=[LOW], idea_ids=[i.id for i in s.ideas],
                 created_by=s.user.id)
    session.add(w)
    session.commit()
    return w


def test_ten_plan_steps_from_the_seed():
    assert len(PLAN_STEPS) == 10
    assert {"reguleringsplan", "virksomhetsplan", "arsmelding", "saksbehandling"} <= set(PLAN_STEPS)


def test_a_workshop_outcome_becomes_a_register_entry_with_its_theme_and_quotes(session):
    s = demo_like(session)
    w = _workshop(session, s)
    quotes = session.exec(select(CommentReview).where(CommentReview.status == "approved")).all()
    assert len(quotes) == 4
    from app.models import Answer
    said = session.get(Answer, (quotes[0].response_id, LOW))
    assert said is not None
    w.quotes = [{"key": "k1", "campaign_id": s.campaign.id, "area": "sentrum", "theme": LOW, "kind": "better",
                 "text": said.better}]
    session.add(w)
    session.commit()
    with unit_of_work() as uow:
        item = records.add_outcome(uow, uow.get(Workshop, w.id), {  # type: ignore[arg-type]
            "kind": "priority", "text": "Tryggere skolevei", "option": f"t:{LOW}", "actor": "municipality",
            "responsible": "Samferdsel", "plan": "handlingsplan"})
        item_id = item.id
    session.rollback()  # a fresh read after the unit of work
    entry = session.exec(select(Outcome).where(Outcome.workshop_item_id == item_id)).one()
    assert (entry.title, entry.plan_step, entry.responsible, entry.origin) == (
        "Tryggere skolevei", "handlingsplan", "Samferdsel", "workshop")
    assert entry.status == "proposed" and not entry.is_public  # staff decide what goes public
    rows = session.exec(select(OutcomeSource).where(OutcomeSource.outcome_id == entry.id)).all()
    kinds = sorted((x.kind, x.response_id, x.ref.rsplit(":", 1)[0] if x.kind == "comment" else x.ref)
                   for x in rows)
    assert kinds == [("comment", quotes[0].response_id, f"{LOW}:better"), ("theme", None, LOW)]
    assert all(quotes[0].response_id not in x.ref for x in rows)  # the id lives in the column only
    assert [e.status for e in session.exec(select(OutcomeEvent).where(OutcomeEvent.outcome_id == entry.id))] \
        == ["proposed"]


def test_an_idea_status_change_is_recorded_in_the_register(session):
    s = demo_like(session)
    idea_id = s.ideas[0].id
    with unit_of_work() as uow:
        idea = uow.get(type(s.ideas[0]), idea_id)
        ideas.set_status(uow, idea, "planned", "Kommer i budsjettet for 2028.", "municipality", "", s.user.id)  # type: ignore[arg-type]
    with unit_of_work() as uow:
        idea = uow.get(type(s.ideas[0]), idea_id)
        ideas.set_status(uow, idea, "rejected", "Ikke plass langs elva.", "municipality", "", s.user.id)  # type: ignore[arg-type]
    session.rollback()  # a fresh read after the unit of work
    entry = session.exec(select(Outcome).where(Outcome.idea_id == idea_id)).one()
    assert entry.status == "not_done" and entry.status_reason == "Ikke plass langs elva." and entry.is_public
    history = session.exec(select(OutcomeEvent).where(OutcomeEvent.outcome_id == entry.id)
                           .order_by(OutcomeEvent.id)).all()  # type: ignore[arg-type]
    assert [h.status for h in history] == ["proposed", "decided", "not_done"]
    refs = session.exec(select(OutcomeSource.ref).where(OutcomeSource.outcome_id == entry.id)).all()
    assert refs == [idea_id]


def test_status_history_and_the_reason_for_not_done(session):
    s = demo_like(session)
    org = s.campaign.organisation_id
    with unit_of_work() as uow:
        o = service.create(uow, org, s.user.id, OutcomeForm(title="Benker", plan_step="temaplan", level="II"))
        assert service.set_status(uow, o, "not_done", "  ", s.user.id) == {"note": "Say why it was not done."}
        assert service.set_status(uow, o, "weird", "", s.user.id) == {"status": "Choose from the list."}
        assert service.set_status(uow, o, "decided", "Vedtatt i kommunestyret", s.user.id) == {}
        assert service.set_status(uow, o, "done", "", s.user.id) == {}
        oid = o.id
    session.rollback()
    events = session.exec(select(OutcomeEvent).where(OutcomeEvent.outcome_id == oid)).all()
    assert [e.status for e in events] == ["proposed", "decided", "done"]
    assert all(e.created_at is not None for e in events)


def test_the_form_is_checked_field_by_field(session):
    s = demo_like(session)
    org = s.campaign.organisation_id
    bad = OutcomeForm(title=" ", plan_step="nope", level="IV", decision_url="javascript:alert(1)",
                      due_on="31.12.2027", unit="99999", campaign="x", case_number="9" * 41)
    assert set(service.check(session, org, bad)) == {"title", "plan_step", "level", "decision_url", "due_on",
                                                      "unit", "case_number", "campaign"}
    good = OutcomeForm(title="Tiltak", plan_step="reguleringsplan", level="III",
                       decision_url="https://kommune.no/sak/1", due_on="2027-12-31",
                       campaign=str(s.campaign.id))
    assert service.check(session, org, good) == {}


def test_sources_must_exist_in_the_organisations_campaign(session):
    s = demo_like(session)
    other = demo_like(session, org="annenby", slug="annen")
    with unit_of_work() as uow:
        o = service.create(uow, s.campaign.organisation_id, None, OutcomeForm(title="T"))
        camp = uow.get(type(s.campaign), s.campaign.id)
        foreign = uow.get(type(other.campaign), other.campaign.id)
        assert service.add_source(uow, o, "theme", camp, "no_such_theme") != {}
        assert service.add_source(uow, o, "area", camp, "nowhere") != {}
        assert service.add_source(uow, o, "idea", camp, other.ideas[0].id) != {}
        assert service.add_source(uow, o, "theme", foreign, LOW) != {}  # another municipality's
        assert service.add_source(uow, o, "comment", camp, "nobody:moving_around:better") != {}
        assert service.add_source(uow, o, "idea", camp, s.ideas[0].id) == {}
        assert service.add_source(uow, o, "idea", camp, s.ideas[0].id) == {}  # twice is once
        assert service.add_source(uow, o, "area", camp, "nordbyen") == {}
        oid = o.id
    session.rollback()
    assert len(session.exec(select(OutcomeSource).where(OutcomeSource.outcome_id == oid)).all()) == 2


def test_routing_fills_the_unit_inbox_and_the_overdue_list(session):
    s = demo_like(session)
    org = s.campaign.organisation_id
    past, future = date.today() - timedelta(days=3), date.today() + timedelta(days=30)
    review = session.exec(select(CommentReview).where(CommentReview.status == "approved")).first()
    assert review is not None
    with unit_of_work() as uow:
        assert routing.add_unit(uow, org, "Samferdsel") == {}
        assert routing.add_unit(uow, org, "Samferdsel") == {"name": "There is already a unit with this name."}
        unit = uow.exec(select(Unit)).one()
        u = str(unit.id)
        o = service.create(uow, org, None, OutcomeForm(title="Fortau", unit=u, due_on=past.isoformat()))
        service.create(uow, org, None, OutcomeForm(title="Senere", unit=u, due_on=future.isoformat()))
        ref = f"{review.response_id}:{review.theme}:{review.kind}"
        assert routing.assign(uow, org, unit, "comment", ref, past, "Se på dette", None) == {}
        assert routing.assign(uow, org, unit, "idea", s.ideas[1].id, future, "", None) == {}
        assert routing.assign(uow, org, unit, "idea", "no-such-idea", future, "", None) != {}
        oid, uid = o.id, unit.id
    session.rollback()
    unit = session.get(Unit, uid)
    box = routing.inbox(session, unit)  # type: ignore[arg-type]
    assert [x.title for x in box.outcomes] == ["Fortau", "Senere"] and len(box.assignments) == 2
    late = routing.overdue(session, org)
    assert [x.id for x in late.outcomes] == [oid] and [a.kind for a in late.assignments] == ["comment"]
    with unit_of_work() as uow:
        service.set_status(uow, uow.get(Outcome, oid), "done", "", None)  # type: ignore[arg-type]
        routing.mark_done(uow, org, late.assignments[0].id)  # type: ignore[arg-type]
    session.rollback()  # a fresh read after the unit of work
    assert routing.overdue(session, org).outcomes == [] and routing.overdue(session, org).assignments == []
