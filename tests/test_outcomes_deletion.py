"""Deleting a response or a campaign leaves no trace in the register: a routed or linked comment is
kept by its response's id in a foreign key only, so deleting the response clears it; a campaign's
sources and routed items go with it."""

from sqlalchemy import text
from sqlmodel import select

from app.admin.lifecycle import delete_campaign, delete_responses
from app.db import unit_of_work
from app.models import Campaign, CommentReview
from app.models.outcomes import Assignment, Outcome, OutcomeSource
from app.outcomes import routing, service
from tests.outcomes_support import two_rounds
from tests.staff_support import logged_in

TABLES = ("outcome", "outcome_source", "outcome_assignment", "outcome_event", "outcome_unit")


def _mentions(session, needle: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for table in TABLES:
        for row in session.exec(text(f"SELECT * FROM {table}")).all():  # type: ignore[call-overload]
            if any(needle in str(v) for v in row):
                found.append(table)
    return found


def test_deleting_a_response_clears_it_from_sources_and_routing(session):
    r = two_rounds(session)
    cid = r.second.campaign.id
    review = session.exec(select(CommentReview).where(CommentReview.campaign_id == cid,
                                                      CommentReview.status == "approved")).first()
    assert review is not None
    rid, ref = review.response_id, f"{review.response_id}:{review.theme}:{review.kind}"
    org, oid = r.second.campaign.organisation_id, r.outcome_id
    session.rollback()
    with unit_of_work() as uow:
        o, c = uow.get(Outcome, oid), uow.get(Campaign, cid)
        assert service.add_source(uow, o, "comment", c, ref) == {}  # type: ignore[arg-type]
        unit = routing.units(uow, org)[0]
        assert routing.assign(uow, org, unit, "comment", ref, None, "", None) == {}
    assert _mentions(session, rid) == ["outcome_source", "outcome_assignment"]
    session.rollback()
    with unit_of_work() as uow:
        assert delete_responses(uow, [rid]) == 1
    session.rollback()
    assert _mentions(session, rid) == []
    staff, _ = logged_in(session, "facilitator")
    page = staff.get(f"/staff/outcomes/{oid}")
    assert page.status_code == 200 and "Tryggere skolevei i Sentrum" in page.text
    assert staff.get(f"/staff/outcomes/units/{unit.id}").status_code == 200


def test_deleting_a_campaign_takes_its_sources_and_routed_items(session):
    r = two_rounds(session)
    cid, org = r.second.campaign.id, r.second.campaign.organisation_id
    session.rollback()
    from app.ideas import service as ideas
    from app.models import Idea

    with unit_of_work() as uow:
        unit = routing.units(uow, org)[0]
        assert routing.assign(uow, org, unit, "idea", r.second.ideas[2].id, None, "", None) == {}
        ideas.set_status(uow, uow.get(Idea, r.second.ideas[2].id), "done", "", "", "", None)  # type: ignore[arg-type]
    with unit_of_work() as uow:
        delete_campaign(uow, uow.get(Campaign, cid))  # type: ignore[arg-type]
    session.rollback()
    assert _mentions(session, "Dugnad i parken") == []  # the entry copied from the idea went too
    assert session.exec(select(OutcomeSource).where(OutcomeSource.campaign_id == cid)).all() == []
    assert session.exec(select(Assignment)).all() == []
    assert all(o.campaign_id != cid for o in session.exec(select(Outcome)).all())


def test_entries_copied_from_ideas_can_be_forgotten_with_their_campaign(session):
    r = two_rounds(session)
    idea_id, board_ideas = r.second.ideas[0].id, {i.id for i in r.second.ideas}
    session.rollback()
    from app.ideas import service as ideas
    from app.models import Idea
    from app.outcomes import hooks

    with unit_of_work() as uow:
        ideas.set_status(uow, uow.get(Idea, idea_id), "planned", "Svar", "municipality", "", None)  # type: ignore[arg-type]
    assert session.exec(select(Outcome).where(Outcome.idea_id == idea_id)).one().title == "Benker langs elva"
    session.rollback()
    with unit_of_work() as uow:
        assert hooks.forget_ideas(uow, board_ideas) == 1
    session.rollback()
    assert _mentions(session, "Benker langs elva") == []
    assert session.get(Outcome, r.outcome_id) is not None  # the workshop's own outcome stays
