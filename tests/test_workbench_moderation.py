"""The moderation queue over HTTP: comments and ideas in one paged list, filters, the reporter's
reason, bulk approve and hide with a reason, and other organisations' items left alone."""

import re

from sqlalchemy import func
from sqlmodel import select

from app.models import AuditEvent, Idea, IdeaComment, IdeaEdit, IdeaFlag
from tests.helpers import statements
from tests.staff_support import logged_in, post_form
from tests.workbench_support import busy_board

PICKS = re.compile(r'name="item" value="([^"]+)"')


def test_a_long_queue_is_paged_and_bulk_moderated(session):
    client, name = logged_in(session, role="facilitator")
    slug, ideas = busy_board(name, 120)
    first = client.get("/staff/moderation?kind=comment&state=pending")
    picks = PICKS.findall(first.text)
    assert len(picks) == 50 and 'rel="next"' in first.text
    third = client.get("/staff/moderation?kind=comment&state=pending&page=3")
    assert len(PICKS.findall(third.text)) == 20 and 'rel="next"' not in third.text

    refused = post_form(
        client,
        "/staff/moderation",
        [("item", p) for p in picks]
        + [("action", "hide"), ("reason", ""), ("kind", "comment"), ("state", "pending"), ("page", "1")],
    )
    assert refused.status_code == 400 and "residents see the reason" in refused.text.lower()
    hidden = post_form(
        client,
        "/staff/moderation",
        [("item", p) for p in picks[:10]]
        + [
            ("action", "hide"),
            ("reason", "Personangrep"),
            ("kind", "comment"),
            ("state", "pending"),
            ("page", "1"),
        ],
    )
    assert hidden.status_code == 303 and "done=10" in hidden.headers["location"]
    approved = post_form(
        client,
        "/staff/moderation",
        [("item", p) for p in picks[10:]]
        + [("action", "approve"), ("kind", "comment"), ("state", "pending"), ("page", "1")],
    )
    assert approved.status_code == 303
    counts = dict(
        session.exec(select(IdeaComment.visibility, func.count()).group_by(IdeaComment.visibility)).all()
    )
    assert counts == {"hidden": 10, "visible": 40, "pending": 70}
    assert (
        session.exec(select(IdeaComment.hidden_reason).where(IdeaComment.visibility == "hidden")).all()
        == ["Personangrep"] * 10
    )
    assert len(PICKS.findall(client.get("/staff/moderation?kind=comment&state=hidden").text)) == 10
    log = [(e.action, e.target, e.detail) for e in session.exec(select(AuditEvent)).all()]
    assert ("moderation.hide", "10 comments, 0 ideas", "Personangrep") in log
    assert all("Kommentar" not in t and "Kommentar" not in d for _, t, d in log)  # never residents' words


def test_reports_show_the_reason_and_hiding_resolves_them(session):
    client, name = logged_in(session, role="admin")
    slug, ideas = busy_board(name, 3, moderation="post")
    page = client.get("/staff/moderation?state=reported")
    assert "Nevner en person ved navn" in page.text and PICKS.findall(page.text) == [f"idea:{ideas[0]}"]
    assert (
        post_form(
            client,
            "/staff/moderation",
            [
                ("item", f"idea:{ideas[0]}"),
                ("action", "hide"),
                ("reason", "Navngir en person"),
                ("state", "reported"),
            ],
        ).status_code
        == 303
    )
    assert session.exec(select(IdeaFlag.resolved_at)).one() is not None
    assert PICKS.findall(client.get("/staff/moderation?state=reported").text) == []
    board_page = client.get(f"/staff/moderation?kind=all&state=all&board={slug}")
    assert len(PICKS.findall(board_page.text)) == 5


def test_other_organisations_items_are_neither_listed_nor_changed(session):
    _, owner = logged_in(session, role="admin")
    slug, ideas = busy_board(owner, 2)
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert PICKS.findall(stranger.get("/staff/moderation?state=all").text) == []
    comment = session.exec(select(IdeaComment.id)).first()
    post_form(
        stranger,
        "/staff/moderation",
        [("item", f"comment:{comment}"), ("item", f"idea:{ideas[0]}"), ("action", "hide"), ("reason", "x")],
    )
    assert session.exec(select(func.count()).where(IdeaComment.visibility == "hidden")).one() == 0
    analyst, _ = logged_in(session, role="analyst")
    assert analyst.get("/staff/moderation").status_code == 403


def test_staff_edit_an_idea_and_the_original_is_kept(session):
    client, name = logged_in(session, role="facilitator")
    slug, ideas = busy_board(name, 0, moderation="post")
    url = f"/staff/ideas/{ideas[0]}/edit"
    assert post_form(client, url, {"title": "", "description": "x"}).status_code == 400
    saved = post_form(client, url, {"title": "Idé 0", "description": "Ring Ola på 99 99 99 99"})
    assert saved.status_code == 303
    assert post_form(client, url, {"title": "Idé 0", "description": "Ring kommunen"}).status_code == 303
    page = client.get(url).text
    assert "Beskrivelse 0" in page and "Ring Ola på 99 99 99 99" in page  # both earlier versions
    session.rollback()
    assert session.get(Idea, ideas[0]).description == "Ring kommunen"
    assert [e.before for e in session.exec(select(IdeaEdit).order_by(IdeaEdit.id)).all()] == [
        "Beskrivelse 0",
        "Ring Ola på 99 99 99 99",
    ]
    log = session.exec(select(AuditEvent)).all()
    assert [e.action for e in log] == ["idea.edit", "idea.edit"]
    assert all("Ring" not in e.target + e.detail for e in log)
    assert "Torget" in client.get(f"/staff/boards/{slug}/admin").text
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert stranger.get(url).status_code == 404
    assert post_form(stranger, url, {"title": "x", "description": "y"}).status_code == 404


def test_a_queue_page_and_the_start_page_cost_the_same_statements_however_long_the_queue(session):
    client, name = logged_in(session, role="admin")
    busy_board(name, 60)

    def cost(url: str) -> int:
        client.get(url)  # warm: the login's cookie refresh and caches are not counted
        with statements() as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    small = (cost("/staff/moderation?state=all"), cost("/staff"))
    busy_board(name, 400)
    assert (cost("/staff/moderation?state=all"), cost("/staff")) == small
