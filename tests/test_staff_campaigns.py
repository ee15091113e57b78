"""Campaign pages: create from a template with areas, languages, profile questions, dates and
rounds; edit; bad input; other municipalities stay invisible."""

from sqlmodel import select

from app.models import Area, Campaign
from tests.staff_support import campaign_form, logged_in, post_form


def campaign(session, slug):
    session.rollback()
    return session.exec(select(Campaign).where(Campaign.slug == slug)).one()


def area_names(session, c):
    return [a.name for a in session.exec(select(Area).where(Area.campaign_id == c.id).order_by(Area.id))]


def test_admin_creates_a_campaign_with_two_areas(session):
    admin, _ = logged_in(session, "admin")
    assert admin.get("/staff/campaigns/new").status_code == 200
    r = post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum og Nordbyen 2027"))
    assert (
        r.status_code == 303
        and r.headers["location"] == "/staff/campaigns/sentrum-og-nordbyen-2027?done=created"
    )
    c = campaign(session, "sentrum-og-nordbyen-2027")
    assert area_names(session, c) == ["Sentrum", "Nordbyen"]
    assert c.locales == ["nb", "en", "ar"] and c.settings == {
        "profile": ["age_band"],
        "invitation_only": False,
        "retention_months": None,
    }
    assert c.status == "open" and c.results_public
    assert c.opens_at.date().isoformat() == "2027-03-01" and c.closes_at.date().isoformat() == "2027-04-30"
    page = admin.get(r.headers["location"])
    assert page.status_code == 200 and "Nordbyen" in page.text and "/k/sentrum-og-nordbyen-2027" in page.text
    listed = admin.get("/staff/campaigns")
    assert "Sentrum og Nordbyen 2027" in listed.text


def test_the_api_still_sees_a_page_made_campaign(session, client):
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027"))
    body = client.get("/api/v1/campaigns/sentrum-2027").json()
    assert [a["slug"] for a in body["areas"]] == ["sentrum", "nordbyen"]


def test_bad_campaign_form_shows_each_problem_and_keeps_the_input(session):
    admin, _ = logged_in(session, "admin")
    r = post_form(
        admin,
        "/staff/campaigns/new",
        campaign_form(
            title="Kampanje",
            slug="Not A Slug",
            areas="",
            locales=[],
            opens_on="2027-05-01",
            closes_on="2027-04-01",
            status="weird",
            profile=["shoe_size"],
        ),
    )
    assert r.status_code == 400
    for field in ("slug", "areas", "locales", "closes_on", "status", "profile"):
        assert f'id="{field}-error"' in r.text, field
    assert 'value="Not A Slug"' in r.text and 'value="2027-05-01"' in r.text
    assert session.exec(select(Campaign)).all() == []
    bad_date = post_form(admin, "/staff/campaigns/new", campaign_form(opens_on="1. mars"))
    assert bad_date.status_code == 400 and 'id="opens_on-error"' in bad_date.text
    too_long = post_form(admin, "/staff/campaigns/new", campaign_form(title="x" * 201))
    assert too_long.status_code == 400 and 'id="title-error"' in too_long.text
    assert session.exec(select(Campaign)).all() == []


def test_a_taken_slug_and_duplicate_areas_are_refused(session):
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027"))
    again = post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027"))
    assert again.status_code == 400 and 'id="slug-error"' in again.text
    dup = post_form(admin, "/staff/campaigns/new", campaign_form(title="Annen", areas="Sentrum\nsentrum"))
    assert dup.status_code == 400 and 'id="areas-error"' in dup.text
    assert len(session.exec(select(Campaign)).all()) == 1


def test_a_later_round_copies_the_areas_and_refuses_new_ones(session):
    admin, _ = logged_in(session, "facilitator")
    post_form(admin, "/staff/campaigns/new", campaign_form(title="Runde 1"))
    first = campaign(session, "runde-1")
    other = post_form(
        admin, "/staff/campaigns/new", campaign_form(title="Runde 2", areas="Sørbyen", previous=str(first.id))
    )
    assert other.status_code == 400 and 'id="areas-error"' in other.text
    r = post_form(
        admin, "/staff/campaigns/new", campaign_form(title="Runde 2", areas="", previous=str(first.id))
    )
    assert r.status_code == 303
    second = campaign(session, "runde-2")
    assert second.previous_campaign_id == first.id
    assert area_names(session, second) == ["Sentrum", "Nordbyen"]
    assert "Runde 1" in admin.get("/staff/campaigns/runde-2").text


def test_edit_changes_settings_and_adds_areas(session):
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027"))
    form = admin.get("/staff/campaigns/sentrum-2027/edit")
    assert form.status_code == 200 and 'value="Sentrum 2027"' in form.text
    data = campaign_form(
        title="Sentrum 2027 (ny)",
        locales=["nb", "se"],
        status="closed",
        results_public="0",
        invitation_only="1",
    ) + [("new_areas", "Sørbyen\nSentrum")]
    r = post_form(admin, "/staff/campaigns/sentrum-2027/edit", data)
    assert r.status_code == 303
    c = campaign(session, "sentrum-2027")
    assert c.title == "Sentrum 2027 (ny)" and c.locales == ["nb", "se"] and c.status == "closed"
    assert not c.results_public and c.settings["invitation_only"] is True
    assert area_names(session, c) == ["Sentrum", "Nordbyen", "Sørbyen"]
    bad = post_form(admin, "/staff/campaigns/sentrum-2027/edit", campaign_form(title="", locales=[]))
    assert bad.status_code == 400 and 'id="title-error"' in bad.text and 'id="locales-error"' in bad.text
    assert campaign(session, "sentrum-2027").title == "Sentrum 2027 (ny)"


def test_analysts_see_campaigns_but_cannot_create_or_edit(session):
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027"))
    analyst, _ = logged_in(session, "analyst")
    assert analyst.get("/staff/campaigns/sentrum-2027").status_code == 200
    assert post_form(analyst, "/staff/campaigns/new", campaign_form(title="Ny")).status_code == 403
    assert (
        post_form(analyst, "/staff/campaigns/sentrum-2027/edit", campaign_form(title="Ny")).status_code == 403
    )
    assert campaign(session, "sentrum-2027").title == "Sentrum 2027"


def test_another_municipality_sees_nothing(session):
    admin, _ = logged_in(session, "admin", org="testby")
    post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027"))
    stranger, _ = logged_in(session, "facilitator", org="annenby")
    assert "Sentrum 2027" not in stranger.get("/staff/campaigns").text
    for url in ("", "/edit", "/outreach", "/invitations", "/qr.svg", "/poster"):
        assert stranger.get(f"/staff/campaigns/sentrum-2027{url}").status_code == 404, url
    assert (
        post_form(stranger, "/staff/campaigns/sentrum-2027/edit", campaign_form(title="Hacked")).status_code
        == 404
    )
    assert post_form(stranger, "/staff/campaigns/sentrum-2027/invitations", {"count": "5"}).status_code == 404
    first = campaign(session, "sentrum-2027")
    r = post_form(
        stranger, "/staff/campaigns/new", campaign_form(title="Mitt", areas="", previous=str(first.id))
    )
    assert r.status_code == 400 and 'id="previous-error"' in r.text
    assert campaign(session, "sentrum-2027").title == "Sentrum 2027"
