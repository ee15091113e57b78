"""Outreach: short links and QR codes that open the survey, the A4 poster, invitation codes as CSV."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app.campaigns.outreach import qr_svg
from app.common.errors import ApiError
from app.config import get_settings
from app.db import savepoint
from app.models import Campaign, InvitationCode, Response
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from tests.helpers import response_body
from tests.staff_support import campaign_form, logged_in, post_form

BASE = get_settings().base_url


@pytest.fixture
def admin(session):
    client, _ = logged_in(session, "admin")
    assert post_form(client, "/staff/campaigns/new", campaign_form(title="Sentrum 2027")).status_code == 303
    return client


def test_outreach_page_lists_a_link_and_qr_per_area(admin):
    page = admin.get("/staff/campaigns/sentrum-2027/outreach")
    assert page.status_code == 200
    for link in (
        f"{BASE}/k/sentrum-2027",
        f"{BASE}/k/sentrum-2027?area=sentrum",
        f"{BASE}/k/sentrum-2027?area=nordbyen",
    ):
        assert f'href="{link}"' in page.text
    assert 'src="/staff/campaigns/sentrum-2027/qr.svg?area=nordbyen"' in page.text


def test_qr_code_encodes_exactly_the_short_link(admin):
    r = admin.get("/staff/campaigns/sentrum-2027/qr.svg?area=nordbyen&lang=ar")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.content == qr_svg(f"{BASE}/k/sentrum-2027?area=nordbyen&lang=ar")
    assert r.content != qr_svg(f"{BASE}/k/sentrum-2027?area=sentrum&lang=ar")
    assert admin.get("/staff/campaigns/sentrum-2027/qr.svg?area=nowhere").status_code == 404
    assert admin.get("/staff/campaigns/sentrum-2027/qr.svg?lang=uk").status_code == 404  # not offered


def test_poster_has_qr_link_and_every_offered_language(admin):
    r = admin.get("/staff/campaigns/sentrum-2027/poster?area=sentrum")
    assert r.status_code == 200
    assert 'src="/staff/campaigns/sentrum-2027/qr.svg?area=sentrum"' in r.text
    assert f"{BASE}/k/sentrum-2027?area=sentrum" in r.text
    for lang, title in (("nb", "Stedskompasset"), ("en", "Place Compass"), ("ar", "بوصلة المكان")):
        assert f'lang="{lang}"' in r.text and title in r.text
    assert 'dir="rtl"' in r.text and "Компас" not in r.text  # uk is not offered
    one = admin.get("/staff/campaigns/sentrum-2027/poster?lang=en")
    assert "Place Compass" in one.text and "Stedskompasset</h2>" not in one.text
    assert f"{BASE}/k/sentrum-2027?lang=en" in one.text


def test_twenty_invitation_codes_from_the_csv_each_work_exactly_once(admin, session):
    # Answers are taken only between the dates (issue 11): this campaign is open today.
    today = datetime.now(UTC).date()
    edit = campaign_form(title="Sentrum 2027", opens_on=str(today - timedelta(days=1)),
                         closes_on=str(today + timedelta(days=30)))
    assert post_form(admin, "/staff/campaigns/sentrum-2027/edit", edit).status_code == 303
    r = post_form(admin, "/staff/campaigns/sentrum-2027/invitations", {"count": "20"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    codes = [row["code"] for row in rows]
    assert len(codes) == 20 and len(set(codes)) == 20
    assert all(row["link"] == f"{BASE}/k/sentrum-2027?code={row['code']}" for row in rows)
    campaign = session.exec(select(Campaign)).one()
    for code in codes:
        assert submit(session, campaign, ResponseIn(**response_body()), invitation_code=code).created
        # a refused submit is undone, as the caller's unit of work would roll it back
        with pytest.raises(ApiError), savepoint(session):
            submit(session, campaign, ResponseIn(**response_body()), invitation_code=code)
    assert len(session.exec(select(Response)).all()) == 20
    assert all(row.used for row in session.exec(select(InvitationCode)))
    assert not any(code in row.code_hash for code in codes for row in session.exec(select(InvitationCode)))


def test_bad_code_counts_are_refused_next_to_the_field(admin, session):
    for count in ("", "zero", "0", "5001", "-3"):
        r = post_form(admin, "/staff/campaigns/sentrum-2027/invitations", {"count": count})
        assert r.status_code == 400 and 'id="count-error"' in r.text, count
        assert f'value="{count}"' in r.text
    assert session.exec(select(InvitationCode)).all() == []
