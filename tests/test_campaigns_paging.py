"""Growing staff lists are paged: the campaigns of a municipality and the field sessions of a
campaign, each page with a number of SQL statements that does not depend on the list's length."""

from datetime import date

from sqlmodel import select

from app.common.paging import PAGE_SIZE
from app.models import Area, Campaign, FieldSession, User
from tests.helpers import statements
from tests.staff_support import campaign_form, logged_in, post_form


def statements_for(client, url: str) -> int:
    client.get(url)  # warm caches (survey definitions, templates) so both counts start alike
    with statements() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def _user(session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def add_campaigns(session, user: User, start: int, stop: int) -> None:
    for n in range(start, stop):
        session.add(Campaign(slug=f"kampanje-{n:03d}", title=f"Kampanje {n:03d}", locales=["nb"],
                             survey_slug="stedskompasset", survey_version=1,
                             organisation_id=user.organisation_id))
    session.commit()  # the test is the unit of work here


def add_sessions(session, user: User, campaign: Campaign, start: int, stop: int) -> None:
    area = session.exec(select(Area).where(Area.campaign_id == campaign.id)).first()
    for n in range(start, stop):
        session.add(FieldSession(campaign_id=campaign.id, area_id=area.id, kind="workshop",  # type: ignore[arg-type]
                                 title=f"Verksted {n:03d}", held_on=date(2027, 1, 1 + n % 28),
                                 group_label="gruppe", created_by=user.id))  # type: ignore[arg-type]
    session.commit()


def test_campaign_list_statements_do_not_grow_with_the_list(session):
    admin, username = logged_in(session, "admin")
    user = _user(session, username)
    add_campaigns(session, user, 0, 10)
    ten = statements_for(admin, "/staff/campaigns")
    add_campaigns(session, user, 10, 100)
    hundred = statements_for(admin, "/staff/campaigns")
    assert ten == hundred, (ten, hundred)


def test_campaign_list_is_paged(session):
    admin, username = logged_in(session, "admin")
    add_campaigns(session, _user(session, username), 0, PAGE_SIZE + 5)
    first = admin.get("/staff/campaigns")
    assert first.text.count('<li><a href="/staff/campaigns/kampanje-') == PAGE_SIZE
    assert 'href="/staff/campaigns?page=2" rel="next"' in first.text and 'rel="prev"' not in first.text
    second = admin.get("/staff/campaigns?page=2")
    assert second.text.count('<li><a href="/staff/campaigns/kampanje-') == 5
    assert "kampanje-000" in second.text and "kampanje-000" not in first.text  # newest first
    assert 'href="/staff/campaigns?page=1" rel="prev"' in second.text and 'rel="next"' not in second.text
    beyond = admin.get("/staff/campaigns?page=9")
    assert beyond.status_code == 200 and "There are no more campaigns." in beyond.text
    odd = admin.get("/staff/campaigns?page=nonsense")  # anything odd is the first page
    assert odd.status_code == 200 and 'href="/staff/campaigns?page=2" rel="next"' in odd.text


def _campaign(session, admin) -> Campaign:
    assert post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027")).status_code == 303
    session.rollback()
    return session.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()


def test_field_sessions_of_a_campaign_statements_do_not_grow(session):
    admin, username = logged_in(session, "facilitator")
    campaign, user = _campaign(session, admin), _user(session, username)
    add_sessions(session, user, campaign, 0, 10)
    ten = statements_for(admin, "/staff/campaigns/sentrum-2027")
    add_sessions(session, user, campaign, 10, 100)
    hundred = statements_for(admin, "/staff/campaigns/sentrum-2027")
    assert ten == hundred, (ten, hundred)


def test_field_sessions_of_a_campaign_are_paged(session):
    admin, username = logged_in(session, "facilitator")
    campaign, user = _campaign(session, admin), _user(session, username)
    add_sessions(session, user, campaign, 0, PAGE_SIZE + 1)
    first = admin.get("/staff/campaigns/sentrum-2027")
    assert first.text.count('<li><a href="/staff/field/') == PAGE_SIZE
    assert 'href="/staff/campaigns/sentrum-2027?page=2#sessions" rel="next"' in first.text
    second = admin.get("/staff/campaigns/sentrum-2027?page=2")
    assert second.text.count('<li><a href="/staff/field/') == 1 and 'rel="prev"' in second.text
    beyond = admin.get("/staff/campaigns/sentrum-2027?page=5")
    assert "There are no more sessions." in beyond.text
