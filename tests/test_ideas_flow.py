"""The bylab flow as a new user meets it: staff open a board from the results, two phones in one
room post and support each other's ideas once each, a flagged idea is hidden with its reason, an
idea moves to planned with an official answer and an actor, and its history shows."""

import re

from sqlmodel import select

from app.models.ideas import Challenge, Idea, Support
from tests.ideas_support import (
    LOW,
    SECOND,
    new_phone,
    open_board,
    phone_post,
    post_idea,
    post_idea_now,
    post_staff,
    seed_results,
    staff_client,
)


def test_board_from_results_has_the_lowest_themes_as_challenges(session):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    r = open_board(staff, campaign)
    assert r.status_code == 303 and r.headers["location"] == "/staff/boards/bylab"
    challenges = session.exec(select(Challenge).order_by(Challenge.position)).all()
    assert [c.theme for c in challenges[:2]] == [LOW, SECOND]
    assert challenges[0].mean == 1.5 and challenges[0].answers == 6
    assert len(challenges[0].comments) == 2 and all(
        c.startswith("Bredere fortau") for c in challenges[0].comments
    )
    page = new_phone().get("/b/bylab?lang=en")
    assert page.status_code == 200
    assert "Moving around" in page.text and "Bredere fortau" in page.text
    # unreviewed comments never become starting points
    assert "Bredere fortau 5" not in page.text and "Bredere fortau 4" not in page.text
    manage = staff.get("/staff/boards/bylab?lang=en")
    assert "Opening challenges" in manage.text and "Moving around" in manage.text


def test_two_phones_in_one_room_post_and_support_each_other_once(session):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    open_board(staff, campaign, room=True)
    code = re.search(r'class="code">([A-Z0-9]+)<', staff.get("/staff/boards/bylab").text).group(1)
    phones = [new_phone(), new_phone()]
    for phone in phones:  # both behind one address: nothing here depends on the network
        phone.get("/b/bylab")
        assert "Skriv først inn romkoden" in phone.get("/b/bylab/new").text  # no form before the code
        refused = post_idea_now(phone, "bylab")
        assert refused.headers["location"] == "/b/bylab?m=room"
        wrong = phone_post(phone, "/b/bylab/room", "/b/bylab", {"code": "NOPE"})
        assert wrong.status_code == 400 and 'value="NOPE"' in wrong.text
        joined = phone_post(phone, "/b/bylab/room", "/b/bylab", {"code": code.lower()})
        assert joined.headers["location"] == "/b/bylab?m=joined"
    a = post_idea(phones[0], "bylab", title="Benker langs elva")
    b = post_idea(phones[1], "bylab", lang="ar", title="مقاعد في الحديقة")
    assert a.status_code == b.status_code == 303
    idea_a, idea_b = (
        a.headers["location"].split("/")[4].split("?")[0],
        b.headers["location"].split("/")[4].split("?")[0],
    )
    for phone, other in ((phones[0], idea_b), (phones[1], idea_a)):
        for _ in range(2):
            r = phone_post(phone, f"/b/bylab/i/{other}/support", f"/b/bylab/i/{other}")
            assert r.status_code == 303
        assert "m=already" in r.headers["location"]
    counts = {
        i: len(session.exec(select(Support).where(Support.idea_id == i)).all()) for i in (idea_a, idea_b)
    }
    assert counts == {idea_a: 1, idea_b: 1}
    page = phones[0].get(f"/b/bylab/i/{idea_b}?lang=en")
    assert 'lang="ar" dir="rtl">مقاعد في الحديقة</h1>' in page.text
    assert "Supports: 1" in page.text and "You support this idea." in page.text


def test_flagged_idea_hidden_with_reason_and_status_history(session):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    open_board(staff, campaign)
    phone, other = new_phone(), new_phone()
    idea_id = post_idea(phone, "bylab").headers["location"].split("/")[4].split("?")[0]
    other.get("/b/bylab")
    assert phone_post(other, f"/b/bylab/i/{idea_id}/support", f"/b/bylab/i/{idea_id}").status_code == 303
    r = phone_post(other, f"/b/bylab/i/{idea_id}/flag", f"/b/bylab/i/{idea_id}", {"reason": "Reklame"})
    assert r.headers["location"].endswith("m=flagged")
    manage = staff.get("/staff/boards/bylab?lang=en")
    assert "Reports: 1" in manage.text
    missing = post_staff(
        staff,
        f"/staff/boards/bylab/ideas/{idea_id}/moderate",
        {"action": "hide", "reason": ""},
        page="/staff/boards/bylab",
    )
    assert missing.status_code == 400
    hide = post_staff(
        staff,
        f"/staff/boards/bylab/ideas/{idea_id}/moderate",
        {"action": "hide", "reason": "Reklame for en butikk"},
        page="/staff/boards/bylab",
    )
    assert hide.status_code == 303
    public = new_phone().get(f"/b/bylab/i/{idea_id}?lang=en")
    assert "Reklame for en butikk" in public.text and "Benker langs elva" not in public.text
    assert "Supports: 1" in public.text  # the support and the history stay
    board = new_phone().get("/b/bylab?lang=en")
    assert "Reklame for en butikk" in board.text and "Benker langs elva" not in board.text
    status = post_staff(
        staff,
        f"/staff/boards/bylab/ideas/{idea_id}/status",
        {
            "status": "planned",
            "answer": "Vi setter ut fem benker i mai.",
            "actor": "municipality",
            "actor_name": "Park og vei",
        },
        page="/staff/boards/bylab",
    )
    assert status.status_code == 303
    idea = session.get(Idea, idea_id)
    session.refresh(idea)
    assert (idea.status, idea.responsible_actor, idea.visibility) == ("planned", "municipality", "hidden")
    page = new_phone().get(f"/b/bylab/i/{idea_id}?lang=en")
    history = page.text.split("What has happened")[1]
    assert "Hidden by the municipality" in history and "Planned" in history
    assert (
        "Vi setter ut fem benker i mai." in history
        and "The municipality" in history
        and "Park og vei" in history
    )
    assert history.index("Hidden by the municipality") < history.index("Planned")
