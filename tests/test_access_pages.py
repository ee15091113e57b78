"""Dates on the resident pages and in field work, and the headers: no-store on staff pages,
exports and token requests, HSTS only over https."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from app.config import get_settings
from app.models import Campaign, Draft, Response
from tests.helpers import themes
from tests.resident_support import Resident, open_campaign
from tests.staff_support import campaign_form, logged_in, post_form


def moved(session, slug: str, opens: int | None, closes: int | None) -> None:
    session.rollback()
    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).one()
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    campaign.opens_at = today + timedelta(days=opens) if opens is not None else None
    campaign.closes_at = today + timedelta(days=closes) if closes is not None else None
    session.add(campaign)
    session.commit()


def count(session, model) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(model)).one()


def test_resident_pages_take_no_answers_before_the_opening_day(client, session):
    open_campaign(session)
    resident = Resident(client, lang="en")
    resident.get("")  # while it is open: the form's CSRF token, so the post below is judged on dates
    moved(session, "demo", 2, None)
    page = resident.get("")
    assert page.status_code == 200 and "opens on" in page.text and 'name="area"' not in page.text
    assert resident.post("", {"area": "sentrum"}).status_code == 303
    assert count(session, Draft) == 0


def test_a_draft_cannot_be_sent_after_the_closing_day(client, session):
    open_campaign(session)
    resident = Resident(client, lang="en")
    assert resident.start().status_code == 303
    assert resident.answer(1, score="6", good="Fin park").status_code == 303
    moved(session, "demo", None, -1)
    assert "has closed" in resident.get("").text
    assert resident.answer(2, score="3").headers["location"] == "/k/demo"
    assert resident.profile().headers["location"] == "/k/demo"
    session.rollback()
    draft = session.exec(select(Draft)).one()
    assert list(draft.answers) == [themes()[0]] and draft.submitted_at is None
    assert count(session, Response) == 0
    moved(session, "demo", None, 0)  # the closing day itself still counts
    assert resident.answer(2, score="3").status_code == 303


def test_the_thank_you_page_gives_the_reference_for_deletion(client, session):
    open_campaign(session)
    resident = Resident(client, lang="en")
    resident.start()
    assert resident.answer_all().status_code == 303
    session.rollback()
    stored = session.exec(select(Response)).one()
    assert stored.id in resident.get("/takk").text


@pytest.fixture
def facilitator(session):
    client, _ = logged_in(session, "facilitator")
    today = date.today()
    form = campaign_form(title="Sentrum 2027", opens_on=(today - timedelta(days=30)).isoformat(),
                         closes_on=(today + timedelta(days=30)).isoformat())
    assert post_form(client, "/staff/campaigns/new", form).status_code == 303
    return client


def paper(**extra):
    data = {f"score-{t}": "4" for t in themes()}
    data.update({"id": str(uuid.uuid4()), "area": "sentrum", "locale": "nb"}, **extra)
    return data


@pytest.mark.parametrize("opens,closes,word",
                         [(3, None, "takes answers from"), (None, -2, "took answers until")])
def test_field_work_outside_the_dates_is_refused_with_the_date(facilitator, session, opens, closes, word):
    moved(session, "sentrum-2027", opens, closes)
    entry = "/staff/campaigns/sentrum-2027/paper/entry"
    page = facilitator.get(entry)
    day = (datetime.now(UTC) + timedelta(days=opens if opens is not None else closes)).date().isoformat()
    assert page.status_code == 200 and word in page.text and day in page.text  # warned before typing
    r = post_form(facilitator, entry, paper(), entry)
    assert r.status_code == 400 and word in r.text and day in r.text
    assert count(session, Response) == 0
    moved(session, "sentrum-2027", None, None)
    assert post_form(facilitator, entry, paper(), entry).status_code == 303
    assert count(session, Response) == 1


def test_no_store_on_staff_pages_exports_and_token_requests(client, session, facilitator, auth):
    for url in ("/staff", "/staff/campaigns", "/staff/campaigns/sentrum-2027",
                "/staff/campaigns/sentrum-2027/invitations", "/staff/results/sentrum-2027/export.csv",
                "/staff/results/sentrum-2027/export.xlsx", "/staff/field/sw.js"):
        r = facilitator.get(url)
        assert r.status_code == 200, url
        assert r.headers.get_list("cache-control") == ["no-store"], url
    login = client.get("/staff/login")
    assert login.headers["cache-control"] == "no-store"
    api = client.get("/api/v1/campaigns/sentrum-2027", headers=auth)
    assert api.headers["cache-control"] == "no-store"
    public = client.get("/k/sentrum-2027")
    assert "no-store" not in public.headers.get("cache-control", "")
    assert "strict-transport-security" not in public.headers  # served over http


def test_hsts_only_when_served_over_https(client, monkeypatch):
    settings = get_settings()
    monkeypatch.setattr(settings, "base_url", "https://medvirk.example.no")
    r = client.get("/healthz")
    assert r.headers["strict-transport-security"] == f"max-age={settings.hsts_seconds}"
    monkeypatch.setattr(settings, "hsts_seconds", 0)
    assert "strict-transport-security" not in client.get("/healthz").headers
