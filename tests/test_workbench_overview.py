"""The staff start page as an overview: responses today, this week and in all against a target,
per area and mode; what waits for moderation; the next workshops; search; other
organisations never show."""

from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import select

from app.admin import dashboard, demo
from app.db import unit_of_work
from app.models import Campaign, Response, User, Workshop
from app.models.common import utcnow
from tests.staff_support import logged_in, post_form
from tests.workbench_support import busy_board, make_campaign


def fill(slug: str, old: int, this_week: int, today: int) -> None:
    """Responses sent long ago, earlier this week (Monday, unless that is today) and now."""
    now = utcnow()
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=5)
    with unit_of_work() as s:
        campaign = s.exec(select(Campaign).where(Campaign.slug == slug)).one()
        demo.add_responses(s, campaign, old + this_week + today)
        ids = s.exec(
            select(Response.id).where(Response.campaign_id == campaign.id).order_by(Response.id)
        ).all()
        for chunk, moment in (
            (ids[:old], now - timedelta(days=40)),
            (ids[old : old + this_week], monday),
            (ids[old + this_week :], now),
        ):
            s.exec(update(Response).where(Response.id.in_(chunk)).values(submitted_at=moment))


def test_the_start_page_counts_against_the_target_and_shows_what_waits(session):
    client, name = logged_in(session, role="facilitator")
    make_campaign(name, slug="sentrum-2027")
    make_campaign(name, slug="utkast", status="draft")
    fill("sentrum-2027", old=30, this_week=5, today=4)
    busy_board(name, 7)
    with unit_of_work() as s:
        org = s.exec(select(User.organisation_id).where(User.username == name)).one()
        s.add(
            Workshop(
                organisation_id=org,
                title="Politisk verksted mars",
                code="QWERTYUPAS",
                held_on=date.today() + timedelta(days=3),
            )
        )
        s.add(
            Workshop(
                organisation_id=org,
                title="Gammelt verksted",
                code="QWERTYUPAZ",
                held_on=date.today() - timedelta(days=3),
            )
        )
    assert post_form(client, "/staff/campaigns/sentrum-2027/target", {"target": "x"}).status_code == 400
    assert post_form(client, "/staff/campaigns/sentrum-2027/target", {"target": "78"}).status_code == 303
    home = client.get("/staff").text
    week = 5 + 4 if utcnow().weekday() else 9  # on a Monday the week began today as well
    assert f"Today 4, this week {week}, in all 39 responses." in home
    assert "Target: 78 (50 % reached)." in home
    assert "Utkast" not in home  # only open campaigns
    assert "7 comments and ideas wait for approval" in home and "1 ideas reported" in home
    assert "Politisk verksted mars" in home and "Gammelt verksted" not in home
    with unit_of_work() as s:
        user = s.exec(select(User).where(User.username == name)).one()
        counts = next(c for c in dashboard.campaigns(s, user) if c.campaign.slug == "sentrum-2027")
    assert sum(line.total for line in counts.rows.values()) == 39
    assert {mode for _, mode in counts.rows} <= {"survey", "walk", "paper"}


def test_search_finds_each_kind_only_in_the_own_organisation(session):
    client, name = logged_in(session, role="admin")
    make_campaign(name, slug="torget-2027")
    busy_board(name, 3, moderation="post")
    stranger, other = logged_in(session, role="admin", org="annenby")
    make_campaign(other, slug="torget-annen")
    page = client.get("/staff/search?q=torget").text
    assert "Torget 2027" in page and "Torget Annen" not in page
    assert "Kommentar 2" in client.get("/staff/search?q=kommentar").text
    assert "Idé 1" in client.get("/staff/search?q=beskrivelse 1").text
    assert "Kommentar" not in stranger.get("/staff/search?q=kommentar").text
    assert "at least two letters" in client.get("/staff/search?q=%25").text
    assert client.get("/staff/search?q=" + "x" * 5000).status_code == 200
