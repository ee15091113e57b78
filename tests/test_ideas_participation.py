"""Taking part without an account: moderation before or after, one level of replies, rate limits,
bursts for staff to look at, room codes, closed boards, and what staff may do."""

import re

from sqlmodel import SQLModel, func, select

from app.ideas.bursts import MIN_SUPPORTS
from app.ideas.participants import LIMITS
from app.models.ideas import Idea, IdeaComment, IdeaEvent
from tests.ideas_support import (
    new_phone,
    new_uuid,
    open_board,
    phone_post,
    post_idea,
    post_idea_now,
    post_staff,
    seed_results,
    staff_client,
)


def _setup(session, **kwargs):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    assert open_board(staff, campaign, **kwargs).status_code == 303
    return staff, campaign


def _idea_url(response) -> str:
    return response.headers["location"].split("?")[0]


def test_pre_moderation_waits_for_staff_and_history_says_approved(session):
    staff, _c = _setup(session, moderation="pre")
    author, reader = new_phone(), new_phone()
    url = _idea_url(post_idea(author, "bylab"))
    idea_id = url.rsplit("/", 1)[1]
    assert reader.get(url).status_code == 404
    assert "Waiting for approval" in staff.get("/staff/boards/bylab?lang=en").text
    assert (
        post_staff(
            staff,
            f"/staff/boards/bylab/ideas/{idea_id}/moderate",
            {"action": "approve"},
            page="/staff/boards/bylab",
        ).status_code
        == 303
    )
    page = reader.get(url + "?lang=en")
    assert page.status_code == 200 and "Benker langs elva" in page.text and "Approved" in page.text
    r = phone_post(reader, f"{url}/comments", url, {"id": new_uuid(), "body": "Enig"})
    assert "m=comment_pending" in r.headers["location"]
    assert "Enig" not in new_phone().get(url).text and "Enig" in reader.get(url).text
    comment = session.exec(select(IdeaComment)).one()
    session.rollback()
    post_staff(
        staff,
        f"/staff/boards/bylab/comments/{comment.id}/moderate",
        {"action": "approve"},
        page="/staff/boards/bylab",
    )
    assert "Enig" in new_phone().get(url).text


def test_replies_go_one_level_deep_only(session):
    _setup(session)
    phone = new_phone()
    url = _idea_url(post_idea(phone, "bylab"))
    other = _idea_url(post_idea(phone, "bylab", title="Annen idé"))
    phone_post(phone, f"{url}/comments", url, {"id": new_uuid(), "body": "Topp"})
    top = session.exec(select(IdeaComment)).one().id
    session.rollback()
    assert (
        phone_post(
            phone, f"{url}/comments", url, {"id": new_uuid(), "body": "Svar", "parent_id": top}
        ).status_code
        == 303
    )
    reply = session.exec(select(IdeaComment).where(IdeaComment.parent_id == top)).one().id
    session.rollback()
    deeper = phone_post(
        phone,
        f"{url}/comments",
        url + "?lang=en",
        {"id": new_uuid(), "body": "Svar på svar", "parent_id": reply},
    )
    assert deeper.status_code == 409 and "only reply to a comment on this idea" in deeper.text
    assert ">Svar på svar</textarea>" in deeper.text  # what was typed is kept
    elsewhere = phone_post(
        phone, f"{other}/comments", other, {"id": new_uuid(), "body": "X", "parent_id": top}
    )
    assert elsewhere.status_code == 409
    session.rollback()
    assert session.exec(select(func.count()).select_from(IdeaComment)).one() == 2


def test_rate_limit_per_participant_keeps_the_text_and_others_can_still_post(session):
    _setup(session)
    busy = new_phone()
    for k in range(LIMITS["idea"]):
        assert post_idea(busy, "bylab", title=f"Idé {k}").status_code == 303
    r = post_idea(busy, "bylab", lang="en", title="En til")
    assert r.status_code == 429 and "Wait a few minutes" in r.text and 'value="En til"' in r.text
    assert (
        post_idea(new_phone(), "bylab", title="Fra naboen").status_code == 303
    )  # same network, other person
    session.rollback()
    assert session.exec(select(func.count()).select_from(Idea)).one() == LIMITS["idea"] + 1


def test_staff_see_a_burst_of_supports_from_throwaway_browsers(session):
    staff, _c = _setup(session)
    url = _idea_url(post_idea(new_phone(), "bylab"))
    calm = _idea_url(post_idea(new_phone(), "bylab", title="Rolig idé"))
    assert "Nothing unusual." in staff.get("/staff/boards/bylab?lang=en").text
    regulars = [new_phone() for _ in range(3)]
    for phone in regulars:  # people who also post ideas are not throwaway browsers
        post_idea(phone, "bylab", title="Egen idé")
        phone_post(phone, f"{calm}/support", calm)
    for _ in range(MIN_SUPPORTS):
        phone = new_phone()
        assert "m=supported" in phone_post(phone, f"{url}/support", url).headers["location"]
    page = staff.get("/staff/boards/bylab?lang=en").text
    table = page.split("Unusual bursts")[1].split("</table>")[0]
    assert "Benker langs elva" in table and f"<td>{MIN_SUPPORTS}</td>" in table and "Rolig idé" not in table


def test_room_code_closed_board_and_new_code(session):
    staff, _c = _setup(session, room=True)
    code = re.search(r'class="code">([A-Z0-9]+)<', staff.get("/staff/boards/bylab").text).group(1)
    phone = new_phone()
    phone.get("/b/bylab")
    assert (
        phone_post(phone, "/b/bylab/room", "/b/bylab", {"code": f" {code[:3]} {code[3:].lower()} "}).headers[
            "location"
        ]
        == "/b/bylab?m=joined"
    )
    assert post_idea(phone, "bylab").status_code == 303
    post_staff(
        staff,
        "/staff/boards/bylab/settings",
        {"moderation": "post", "room": "new"},  # is_open unticked
        page="/staff/boards/bylab",
    )
    assert post_idea_now(phone, "bylab").headers["location"] == "/b/bylab?m=closed"
    post_staff(
        staff,
        "/staff/boards/bylab/settings",
        {"moderation": "post", "room": "keep", "is_open": "1"},
        page="/staff/boards/bylab",
    )
    assert (
        post_idea_now(phone, "bylab").headers["location"] == "/b/bylab?m=room"
    )  # the old code no longer counts
    post_staff(
        staff,
        "/staff/boards/bylab/settings",
        {"moderation": "post", "room": "none", "is_open": "1"},
        page="/staff/boards/bylab",
    )
    assert post_idea(phone, "bylab").status_code == 303


def test_staff_pages_need_the_right_role(session):
    staff, campaign = _setup(session)
    assert (
        new_phone()
        .get("/staff/boards", follow_redirects=False)
        .headers["location"]
        .startswith("/staff/login")
    )
    analyst, _u, _t = staff_client(session, role="analyst")
    assert analyst.get("/staff/boards").status_code == 403
    assert analyst.get("/staff/boards/bylab").status_code == 403
    assert analyst.get("/staff/boards/bylab/export.csv").status_code == 200  # analysts may export
    bad = post_staff(
        staff, "/staff/boards", {"scope": "", "title": "", "slug": "Ugyldig adresse!", "moderation": "post"}
    )
    assert bad.status_code == 400 and 'value="Ugyldig adresse!"' in bad.text
    assert 'id="scope-error"' in bad.text and 'id="title-error"' in bad.text and 'id="slug-error"' in bad.text
    taken = post_staff(
        staff,
        "/staff/boards",
        {"scope": f"{campaign.id}", "title": "X", "slug": "bylab", "moderation": "post"},
    )
    assert taken.status_code == 400 and 'id="slug-error"' in taken.text
    wrong_action = post_staff(
        staff,
        "/staff/boards/bylab/ideas/none/moderate",
        {"action": "hide", "reason": "x"},
        page="/staff/boards/bylab",
    )
    assert wrong_action.status_code == 404
    session.rollback()
    assert session.exec(select(func.count()).select_from(IdeaEvent)).one() == 0


def test_no_column_can_hold_an_address_or_a_user_agent():
    ours = {"board", "challenge", "idea", "support", "idea_comment", "idea_flag", "idea_event"}
    columns = [c.name for t in SQLModel.metadata.sorted_tables if t.name in ours for c in t.columns]
    assert len(columns) > 40
    assert not [c for c in columns if re.search(r"(^|_)(ip|addr|address|agent|ua|device)(_|$)", c)]


def test_participant_cookie_is_signed_and_http_only(session):
    _setup(session)
    phone = new_phone()
    r = phone.get("/b/bylab")
    cookie = r.headers["set-cookie"]
    assert "bylab=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    value = phone.cookies.get("bylab")
    raw, sig = value.split(".")
    assert len(raw) >= 20 and len(sig) == 24
    phone.cookies.set("bylab", f"{raw}x.{sig}")  # a changed id no longer matches its signature
    assert post_idea(phone, "bylab").headers["location"] == "/b/bylab?m=cookies"
