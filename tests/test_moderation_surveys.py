"""The one moderation queue holds survey comments too: masked as on the results page, filtered by
campaign, approved and hidden in bulk through app/results/comments.py, other municipalities' left
alone, and a page costs the same statements however many comments wait."""

import re
import uuid

from sqlmodel import select

from app.db import unit_of_work
from app.models import Answer, Area, AuditEvent, Response
from app.models.results import CommentReview
from app.results.comments import for_review
from tests.helpers import statements
from tests.staff_support import logged_in, post_form
from tests.workbench_support import busy_board, make_campaign

PICKS = re.compile(r'name="item" value="([^"]+)"')
THEME = "moving_around"


def survey_comments(username: str, n: int, slug: str | None = None) -> str:
    """A campaign with `n` responses each holding one 'better' comment; returns its slug."""
    campaign = make_campaign(username, slug=slug or f"s-{uuid.uuid4().hex[:6]}")
    with unit_of_work() as s:
        area = s.exec(select(Area).where(Area.campaign_id == campaign.id)).first()
        ids = [str(uuid.uuid4()) for _ in range(n)]
        s.add_all([Response(id=rid, campaign_id=campaign.id, area_id=area.id, mode="survey", locale="nb",
                            survey_version=1, body_hash="x" * 64) for rid in ids])
        s.flush()  # the responses first: the answers refer to them
        s.add_all([Answer(response_id=rid, theme=THEME, score=3,
                          better=f"Svar {i}: ring meg på 99 88 77 66" if i == 0 else f"Svar {i}")
                   for i, rid in enumerate(ids)])
    return campaign.slug


def test_survey_comments_are_queued_masked_and_moderated_in_bulk(session):
    client, name = logged_in(session, role="facilitator")
    slug = survey_comments(name, 60)
    busy_board(name, 5)
    other = survey_comments(name, 3)
    page = client.get(f"/staff/moderation?kind=survey&state=pending&campaign={slug}")
    picks = PICKS.findall(page.text)
    assert len(picks) == 50 and all(p.startswith("survey:") for p in picks) and 'rel="next"' in page.text
    second = client.get(f"/staff/moderation?kind=survey&state=pending&campaign={slug}&page=2").text
    assert len(PICKS.findall(second)) == 10 and not set(PICKS.findall(second)) & set(picks)
    both = page.text + second
    assert "99 88 77 66" not in both and "[phone hidden]" in both  # masked as in results (English staff page)
    assert len(PICKS.findall(client.get(f"/staff/moderation?kind=survey&campaign={other}").text)) == 3
    everything = PICKS.findall(client.get("/staff/moderation?kind=all&state=pending").text)
    assert {p.split(":")[0] for p in everything} == {"survey", "comment"}

    hidden = post_form(client, "/staff/moderation", [("item", p) for p in picks[:4]] + [
        ("action", "hide"), ("reason", "Personopplysninger"), ("kind", "survey"), ("campaign", slug)])
    assert hidden.status_code == 303 and "done=4" in hidden.headers["location"]
    assert f"campaign={slug}" in hidden.headers["location"]
    approved = post_form(client, "/staff/moderation", [("item", p) for p in picks[4:]] + [
        ("action", "approve"), ("kind", "survey")])
    assert approved.status_code == 303 and "done=46" in approved.headers["location"]
    session.rollback()
    statuses = [r.status for r in session.exec(select(CommentReview)).all()]
    assert sorted(statuses) == ["approved"] * 46 + ["hidden"] * 4
    # The results page (which decides what may be shown) reads the same decisions.
    from app.models import Campaign

    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).one()
    shown = for_review(session, campaign, THEME, "better", status="approved")
    assert len(shown.items) == 46
    left = PICKS.findall(client.get(f"/staff/moderation?kind=survey&state=pending&campaign={slug}").text)
    assert len(left) == 10 and not set(left) & set(picks)
    assert len(PICKS.findall(client.get("/staff/moderation?kind=survey&state=hidden").text)) == 4
    log = [(e.action, e.target, e.detail) for e in session.exec(select(AuditEvent)).all()]
    assert ("moderation.hide", "0 comments, 0 ideas, 4 survey comments", "Personopplysninger") in log
    assert all("Svar" not in t + d for _, t, d in log)  # never residents' words


def test_other_municipalities_survey_comments_are_neither_listed_nor_changed(session):
    _, owner = logged_in(session, role="admin")
    slug = survey_comments(owner, 2)
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert PICKS.findall(stranger.get("/staff/moderation?state=all").text) == []
    assert PICKS.findall(stranger.get(f"/staff/moderation?state=all&campaign={slug}").text) == []
    rid = session.exec(select(Answer.response_id)).first()
    done = post_form(stranger, "/staff/moderation", [
        ("item", f"survey:{rid}:{THEME}:better"), ("item", f"survey:{rid}:{THEME}:good"),
        ("item", f"survey:{rid}"), ("item", "survey:"), ("action", "approve")])
    assert done.status_code == 303 and "done=0" in done.headers["location"]
    assert session.exec(select(CommentReview)).all() == []


def test_a_mixed_queue_page_costs_the_same_statements_however_long(session):
    client, name = logged_in(session, role="admin")
    slug = survey_comments(name, 20)
    busy_board(name, 20)

    def cost(url: str) -> int:
        client.get(url)  # warm: the login's cookie refresh and caches are not counted
        with statements() as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    urls = ("/staff/moderation?state=all", f"/staff/moderation?kind=survey&campaign={slug}",
            "/staff/moderation?state=pending&page=2")
    small = [cost(u) for u in urls]
    survey_comments(name, 300, slug=None)
    busy_board(name, 300)
    assert [cost(u) for u in urls] == small
