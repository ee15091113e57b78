"""The register's staff pages over HTTP: make, refuse bad input keeping it, move statuses, link sources,
route to units, inbox and overdue; roles and organisations are kept apart."""

import re
from datetime import date, timedelta

from sqlmodel import select

from app.models import CommentReview
from app.models.outcomes import Assignment, Outcome, OutcomeEvent, OutcomeSource, Unit
from tests.staff_support import logged_in, post_form
from tests.workshops_support import LOW, demo_like


def _outcome_form(**extra: str) -> dict:
    data = {"title": "Tryggere skolevei", "campaign": "", "plan_step": "handlingsplan", "level": "II",
            "case_number": "2027/123", "decision": "Kommunestyret vedtok tiltaket.",
            "decision_url": "https://kommune.no/sak/2027-123", "unit": "", "responsible": "Kari Nordmann",
            "due_on": "", "public_note": "Fortau på begge sider.", "internal_note": "Budsjett uavklart",
            "is_public": "1"}
    data.update(extra)
    return data


def test_a_facilitator_registers_moves_and_links_an_outcome(session):
    s = demo_like(session)
    staff, _ = logged_in(session, "facilitator")
    assert post_form(staff, "/staff/outcomes/units", {"name": "Samferdsel"}).status_code == 403  # admins only
    admin, _ = logged_in(session, "admin")
    assert post_form(admin, "/staff/outcomes/units", {"name": "Samferdsel"}).status_code == 303
    unit = session.exec(select(Unit)).one()
    # Bad input: every problem named next to its field, what was typed kept, nothing stored.
    typed = _outcome_form(title="", decision_url="ftp://x", due_on="1.1.27")
    bad = post_form(staff, "/staff/outcomes", typed)
    assert bad.status_code == 400
    assert "Please fill this in." in bad.text and "A link starts with https://" in bad.text
    assert "Give a date as YYYY-MM-DD." in bad.text and "Kari Nordmann" in bad.text
    assert session.exec(select(Outcome)).all() == []
    past = (date.today() - timedelta(days=2)).isoformat()
    r = post_form(staff, "/staff/outcomes", _outcome_form(campaign=str(s.campaign.id), unit=str(unit.id),
                                                          due_on=past))
    assert r.status_code == 303
    oid = int(r.headers["location"].rsplit("/", 1)[1])
    page = staff.get(f"/staff/outcomes/{oid}").text
    assert "2027/123" in page and "Budsjett uavklart" in page and "Proposed" in page
    # Sources from the offered list: a theme and two ideas.
    links = [f"theme|{s.campaign.id}|{LOW}", f"idea|{s.campaign.id}|{s.ideas[0].id}",
             f"idea|{s.campaign.id}|{s.ideas[1].id}"]
    assert all(v in page for v in links)
    linked = post_form(staff, f"/staff/outcomes/{oid}/sources", [("source", v) for v in links])
    assert linked.status_code == 303
    forged = post_form(staff, f"/staff/outcomes/{oid}/sources", [("source", f"theme|{s.campaign.id}|nope")])
    assert forged.status_code == 400
    session.rollback()
    assert len(session.exec(select(OutcomeSource).where(OutcomeSource.outcome_id == oid)).all()) == 3
    # Statuses: "not done" without a reason is refused with the note kept; each change is dated.
    r = post_form(staff, f"/staff/outcomes/{oid}/status", {"status": "not_done", "note": ""})
    assert r.status_code == 400 and "Say why it was not done." in r.text
    for status in ("decided", "in_progress"):
        moved = post_form(staff, f"/staff/outcomes/{oid}/status", {"status": status, "note": ""})
        assert moved.status_code == 303
    session.rollback()
    events = session.exec(select(OutcomeEvent.status).where(OutcomeEvent.outcome_id == oid)).all()
    assert list(events) == ["proposed", "decided", "in_progress"]
    # The unit's inbox and the overdue list show it.
    inbox = staff.get(f"/staff/outcomes/units/{unit.id}").text
    assert "Tryggere skolevei" in inbox and "overdue" in inbox
    assert "Tryggere skolevei" in staff.get("/staff/outcomes/overdue").text
    assert "Tryggere skolevei" in staff.get(f"/staff/outcomes?unit={unit.id}&status=in_progress").text
    assert "Tryggere skolevei" not in staff.get("/staff/outcomes?status=done").text


def test_routing_a_comment_and_an_idea_to_a_unit(session):
    s = demo_like(session)
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/outcomes/units", {"name": "Kultur"})
    unit = session.exec(select(Unit)).one()
    review = session.exec(select(CommentReview).where(CommentReview.status == "approved")).first()
    assert review is not None
    page = admin.get(f"/staff/outcomes/route?campaign={s.campaign.id}").text
    ref = f"{review.response_id}:{review.theme}:{review.kind}"
    assert ref in page and s.ideas[2].id in page
    due = (date.today() + timedelta(days=10)).isoformat()
    form = {"kind": "comment", "ref": ref, "unit": str(unit.id), "due_on": due, "note": "Svar innen fristen",
            "campaign": str(s.campaign.id)}
    assert post_form(admin, "/staff/outcomes/route", form).status_code == 303
    idea = {**form, "kind": "idea", "ref": s.ideas[2].id}
    assert post_form(admin, "/staff/outcomes/route", idea).status_code == 303
    assert post_form(admin, "/staff/outcomes/route", {**form, "due_on": "tomorrow"}).status_code == 400
    assert post_form(admin, "/staff/outcomes/route", {**form, "unit": "999999"}).status_code == 400
    session.rollback()
    rows = session.exec(select(Assignment)).all()
    assert sorted(a.kind for a in rows) == ["comment", "idea"]
    inbox = admin.get(f"/staff/outcomes/units/{unit.id}").text
    assert "Svar innen fristen" in inbox and s.ideas[2].title in inbox
    # No resident identity is involved: the inbox shows the comment's words, never a response id.
    assert review.response_id not in inbox
    done = post_form(admin, f"/staff/outcomes/assignments/{rows[0].id}/done", {"unit": str(unit.id)})
    assert done.status_code == 303
    session.rollback()
    assert session.get(Assignment, rows[0].id).done_at is not None  # type: ignore[union-attr]


def test_analysts_read_but_do_not_change_and_other_municipalities_see_nothing(session):
    demo_like(session)
    staff, _ = logged_in(session, "facilitator")
    r = post_form(staff, "/staff/outcomes", _outcome_form())
    oid = int(r.headers["location"].rsplit("/", 1)[1])
    analyst, _ = logged_in(session, "analyst")
    assert analyst.get(f"/staff/outcomes/{oid}").status_code == 200
    assert "Change status" not in analyst.get(f"/staff/outcomes/{oid}").text
    done = {"status": "done", "note": ""}
    assert post_form(analyst, f"/staff/outcomes/{oid}/status", done).status_code == 403
    assert post_form(analyst, "/staff/outcomes", _outcome_form()).status_code == 403
    stranger, _ = logged_in(session, "admin", org="annenby")
    assert stranger.get(f"/staff/outcomes/{oid}").status_code == 404
    assert post_form(stranger, f"/staff/outcomes/{oid}/status", done).status_code == 404
    assert "Tryggere skolevei" not in stranger.get("/staff/outcomes").text
    anonymous = logged_in(session, "admin")[0]
    anonymous.cookies.clear()
    assert anonymous.get("/staff/outcomes", follow_redirects=False).status_code == 303
    assert re.search(r"/staff/login", anonymous.get("/staff/outcomes/overdue", follow_redirects=False)
                     .headers["location"])
