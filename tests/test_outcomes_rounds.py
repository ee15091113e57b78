"""Rounds close the loop: a new politisk verksted starts from the open outcomes of earlier ones."""

from sqlmodel import select

from app.models import Workshop
from app.models.outcomes import Outcome
from tests.outcomes_support import two_rounds
from tests.staff_support import logged_in, post_form
from tests.workshops_support import LOW


def test_the_next_workshop_starts_from_the_open_outcomes(session):
    r = two_rounds(session)
    staff, _ = logged_in(session, "facilitator")
    page = staff.get("/staff/outcomes/next-workshop").text
    assert "Tryggere skolevei i Sentrum" in page
    assert "Ikke offentlig tiltak" not in page  # not from a workshop
    bad = post_form(staff, "/staff/outcomes/next-workshop", {"title": "Verksted 2", "campaign": "999999"})
    assert bad.status_code == 400 and "Choose from the list." in bad.text and "Verksted 2" in bad.text
    r2 = post_form(staff, "/staff/outcomes/next-workshop",
                   {"title": "Verksted 2", "campaign": str(r.second.campaign.id)})
    assert r2.status_code == 303
    wid = int(r2.headers["location"].rsplit("/", 1)[1])
    session.rollback()
    w = session.get(Workshop, wid)
    assert w is not None and w.title == "Verksted 2" and w.campaign_ids == [r.second.campaign.id]
    assert w.themes == [LOW] and set(w.idea_ids) == {i.id for i in r.second.ideas[:2]}
    assert "Tryggere skolevei i Sentrum" in w.method
    assert staff.get(f"/staff/workshops/{wid}").status_code == 200
    # A finished outcome is no longer carried over.
    o = session.exec(select(Outcome).where(Outcome.id == r.outcome_id)).one()
    staff_post = post_form(staff, f"/staff/outcomes/{o.id}/status", {"status": "done", "note": ""})
    assert staff_post.status_code == 303
    assert "Tryggere skolevei i Sentrum" not in staff.get("/staff/outcomes/next-workshop").text
    session.rollback()  # end the read before this session writes a new user
    analyst, _ = logged_in(session, "analyst")
    assert analyst.get("/staff/outcomes/next-workshop").status_code == 403
