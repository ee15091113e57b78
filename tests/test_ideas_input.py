"""Bad input on the idea boards: markup shown as text, clear messages that keep what was typed,
repeated posts stored once, forged or missing cookies and tokens refused."""

import html

from markupsafe import escape
from sqlmodel import func, select

from app.models.ideas import Idea, IdeaComment
from tests.ideas_support import (
    _multi,
    csrf_of,
    form_id,
    new_phone,
    new_uuid,
    open_board,
    phone_post,
    post_idea,
    post_staff,
    seed_results,
    staff_client,
)

SCRIPT = '<script>alert("x")</script><b onmouseover=alert(1)>fet</b>'


def _board(session, **kwargs):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    assert open_board(staff, campaign, **kwargs).status_code == 303
    return staff


def _count(session, model) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(model)).one()


def test_script_in_every_field_is_shown_as_text(session):
    staff = _board(session)
    phone = new_phone()
    r = post_idea(phone, "bylab", title=SCRIPT, description=SCRIPT, place=SCRIPT, proposer_name=SCRIPT)
    assert r.status_code == 303
    idea_url = r.headers["location"].split("?")[0]
    idea_id = idea_url.rsplit("/", 1)[1]
    assert (
        phone_post(
            phone, f"{idea_url}/comments", idea_url, {"id": new_uuid(), "body": SCRIPT, "author_name": SCRIPT}
        ).status_code
        == 303
    )
    top = session.exec(select(IdeaComment)).one()
    assert (
        phone_post(
            phone,
            f"{idea_url}/comments",
            idea_url,
            {"id": new_uuid(), "body": SCRIPT, "author_name": SCRIPT, "parent_id": top.id},
        ).status_code
        == 303
    )
    session.rollback()
    post_staff(
        staff,
        f"/staff/boards/bylab/ideas/{idea_id}/status",
        {"status": "planned", "answer": SCRIPT, "actor": "together", "actor_name": SCRIPT},
        page="/staff/boards/bylab",
    )
    pages = [
        phone.get(idea_url),
        phone.get("/b/bylab"),
        phone.get("/b/bylab/screen"),
        phone.get("/b/bylab/screen/live"),
        staff.get("/staff/boards/bylab"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<b onmouseover" not in page.text, page.url
    escaped = str(escape(SCRIPT))
    # title, description, place, proposer name, comment, reply, their two names, answer, actor name
    assert pages[0].text.count(escaped) >= 10
    assert escaped in pages[1].text and escaped in pages[3].text and escaped in pages[4].text
    assert (
        post_staff(
            staff,
            f"/staff/boards/bylab/ideas/{idea_id}/moderate",
            {"action": "hide", "reason": SCRIPT},
            page="/staff/boards/bylab",
        ).status_code
        == 303
    )
    hidden = phone.get(idea_url).text
    assert "<script>alert" not in hidden and escaped in hidden
    api = phone.get("/api/v1/boards/bylab").json()
    assert api["ideas"][0]["hidden_reason"] == SCRIPT  # JSON carries the text as it was typed


def test_empty_and_oversized_fields_get_messages_and_keep_what_was_typed(session):
    _board(session)
    phone = new_phone()
    r = post_idea(phone, "bylab", lang="en", title="", description="", themes=[], actors=[], proposer_type="")
    assert r.status_code == 400
    for field in ("title-error", "description-error", "themes-error", "actors-error", "proposer_type-error"):
        assert f'id="{field}"' in r.text
    assert "Please fill this in." in r.text and "Choose at least one theme." in r.text
    long_title = "Lang tittel æøå " * 20
    r = post_idea(
        phone,
        "bylab",
        lang="en",
        title=long_title,
        description="Beholdes\nover to linjer",
        place="x" * 201,
        proposer_name="Kari",
    )
    assert r.status_code == 400
    assert f"This is {len(long_title.strip())} characters long; at most 200 are allowed." in r.text
    assert f'value="{html.escape(long_title.strip())}"' in r.text
    assert ">Beholdes\nover to linjer</textarea>" in r.text and 'value="Kari"' in r.text
    assert 'value="moving_around" checked' in r.text and 'value="municipality" checked' in r.text
    assert 'aria-invalid="true" aria-describedby="title-error"' in r.text
    wrong = post_idea(phone, "bylab", lang="en", themes=["<b>not-a-theme</b>"], actors=["mayor"])
    assert wrong.status_code == 400 and "<b>not-a-theme" not in wrong.text
    comment_page = post_idea(phone, "bylab").headers["location"].split("?")[0]
    r = phone_post(
        phone,
        f"{comment_page}/comments",
        comment_page + "?lang=en",
        {"id": new_uuid(), "body": "y" * 4001, "author_name": "Ola"},
    )
    assert r.status_code == 400 and "at most 4000 are allowed" in r.text and 'value="Ola"' in r.text
    assert _count(session, Idea) == 1 and _count(session, IdeaComment) == 0


def test_a_repeated_post_stores_one_idea_and_one_comment(session):
    _board(session)
    phone = new_phone()
    page = phone.get("/b/bylab/new")
    same = form_id(page.text)
    first = post_idea(phone, "bylab", form_uuid=same)
    again = post_idea(phone, "bylab", form_uuid=same)  # reload after the post: the browser sends it again
    assert first.headers["location"] == again.headers["location"].replace("pending", "posted")
    assert _count(session, Idea) == 1
    idea_url = first.headers["location"].split("?")[0]
    cid = new_uuid()
    for _ in range(2):
        r = phone_post(phone, f"{idea_url}/comments", idea_url, {"id": cid, "body": "Godt forslag"})
        assert r.status_code == 303
    assert _count(session, IdeaComment) == 1
    stranger = new_phone()
    r = post_idea(stranger, "bylab", form_uuid=same, title="Noe annet", lang="en")
    assert r.status_code == 409 and "already used" in r.text and 'value="Noe annet"' in r.text
    assert _count(session, Idea) == 1


def test_forms_without_token_cookie_or_valid_id_are_refused(session):
    _board(session)
    phone = new_phone()
    page = phone.get("/b/bylab/new")
    fields = _multi(
        [
            ("id", form_id(page.text)),
            ("title", "T"),
            ("description", "D"),
            ("themes", "moving_around"),
            ("actors", "together"),
            ("proposer_type", "resident"),
        ]
    )
    assert phone.post("/b/bylab/ideas", data=fields).status_code == 403  # no CSRF token
    fresh = new_phone()
    token_page = fresh.get("/b/bylab/new")
    fresh.cookies.set("bylab", "forged.0000")
    r = fresh.post(
        "/b/bylab/ideas", data={**fields, "csrf": [csrf_of(token_page.text)]}, follow_redirects=False
    )
    assert r.headers["location"] == "/b/bylab?m=cookies"
    bad_id = post_idea(phone, "bylab", lang="en", form_uuid="not-a-uuid")
    assert bad_id.status_code == 400 and "The form was damaged" in bad_id.text
    assert _count(session, Idea) == 0


def test_unknown_and_pending_ideas_are_not_shown_to_others(session):
    _board(session, moderation="pre")
    author, other = new_phone(), new_phone()
    r = post_idea(author, "bylab")
    assert "m=pending" in r.headers["location"]
    url = r.headers["location"].split("?")[0]
    assert author.get(url).status_code == 200
    assert other.get(url).status_code == 404
    assert other.get("/b/bylab/i/no-such-idea").status_code == 404
    assert other.get("/b/no-such-board").status_code == 404
    assert "Benker langs elva" not in other.get("/b/bylab").text
    assert "Benker langs elva" in author.get("/b/bylab").text
    assert other.get("/api/v1/boards/bylab").json()["ideas"] == []


def test_script_in_the_board_and_staff_fields_is_text_and_bad_staff_input_gets_messages(session):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    r = post_staff(
        staff,
        "/staff/boards",
        {"scope": f"{campaign.id}", "title": SCRIPT, "slug": "xss", "intro": SCRIPT, "moderation": "post"},
    )
    assert r.status_code == 303
    escaped = str(escape(SCRIPT))
    for page in (
        new_phone().get("/b/xss"),
        new_phone().get("/b/xss/screen"),
        staff.get("/staff/boards"),
        staff.get("/staff/boards/xss"),
    ):
        assert "<script>alert" not in page.text and escaped in page.text
    idea_id = post_idea(new_phone(), "xss").headers["location"].split("?")[0].rsplit("/", 1)[1]
    long = post_staff(
        staff,
        f"/staff/boards/xss/ideas/{idea_id}/status",
        {"status": "planned", "answer": "x" * 4001, "actor": "together"},
        page="/staff/boards/xss",
    )
    assert long.status_code == 400 and "Svaret eller navnet er for langt." in long.text
    unknown = post_staff(
        staff,
        f"/staff/boards/xss/ideas/{idea_id}/status",
        {"status": "<b>done</b>", "actor": "mayor"},
        page="/staff/boards/xss",
    )
    assert unknown.status_code == 400 and "<b>done</b>" not in unknown.text
    action = post_staff(
        staff, f"/staff/boards/xss/ideas/{idea_id}/moderate", {"action": "delete"}, page="/staff/boards/xss"
    )
    assert action.status_code == 400
    session.rollback()
    idea = session.get(Idea, idea_id)
    assert (idea.status, idea.visibility, idea.official_answer) == ("new", "visible", "")
