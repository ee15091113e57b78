"""Paper: the printable A4 form per language, and typing forms in with mode `paper`."""

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import Answer, ProfileAnswer, Response
from tests.helpers import themes
from tests.staff_support import campaign_form, logged_in, post_form


def running() -> dict[str, str]:
    """Dates around today: field work is refused outside a campaign's dates."""
    today = date.today()
    return {"opens_on": (today - timedelta(days=30)).isoformat(),
            "closes_on": (today + timedelta(days=30)).isoformat()}

ENTRY = "/staff/campaigns/sentrum-2027/paper/entry"


@pytest.fixture
def staff(session):
    client, _ = logged_in(session, "facilitator")
    assert post_form(client, "/staff/campaigns/new", campaign_form(title="Sentrum 2027", **running())
                     ).status_code == 303
    return client


def typed(**extra):
    data = {f"score-{t}": str(i % 7 + 1) for i, t in enumerate(themes())}
    data.update(
        {
            "id": str(uuid.uuid4()),
            "area": "nordbyen",
            "locale": "en",
            "score-feeling_safe": "",
            "better-public_transport": "Bussen går for sjelden",
            "profile-age_band": "67-79",
        }
    )
    data.update(extra)
    return data


def test_printable_form_in_each_offered_language(staff):
    home = staff.get("/staff/campaigns/sentrum-2027/paper")
    assert home.status_code == 200
    for lang in ("nb", "en", "ar"):
        assert f"/paper/print?lang={lang}" in home.text
    ar = staff.get("/staff/campaigns/sentrum-2027/paper/print?lang=ar")
    assert ar.status_code == 200 and 'lang="ar" dir="rtl"' in ar.text and "بوصلة المكان" in ar.text
    en = staff.get("/staff/campaigns/sentrum-2027/paper/print?lang=en")
    assert "Place Compass" in en.text and en.text.count('class="boxes scale-boxes"') == len(themes())
    assert "Nordbyen" in en.text  # the area to tick
    assert staff.get("/staff/campaigns/sentrum-2027/paper/print?lang=uk").status_code == 404  # not offered


def test_a_typed_form_is_stored_with_mode_paper(staff, session):
    assert staff.get(ENTRY).status_code == 200
    r = post_form(staff, ENTRY, typed(), ENTRY)
    assert r.status_code == 303 and "area=nordbyen" in r.headers["location"]
    session.rollback()
    row = session.exec(select(Response)).one()
    assert (row.mode, row.locale, row.session_id, row.group_label) == ("paper", "en", None, None)
    answers = {a.theme: a for a in session.exec(select(Answer))}
    assert answers["moving_around"].score == 1 and answers["public_transport"].score == 2
    assert answers["public_transport"].better == "Bussen går for sjelden"
    assert "feeling_safe" not in answers  # left empty on paper: not answered
    assert session.exec(select(ProfileAnswer)).one().value == "67-79"
    nxt = staff.get(r.headers["location"])
    assert "Paper forms stored so far: 1." in nxt.text
    assert '<option value="nordbyen" selected>' in nxt.text


def test_the_same_form_sent_twice_is_stored_once(staff, session):
    data = typed()
    post_form(staff, ENTRY, data, ENTRY)
    post_form(staff, ENTRY, data, ENTRY)
    session.rollback()
    assert len(session.exec(select(Response)).all()) == 1


def test_typing_mistakes_are_shown_next_to_the_field_and_kept(staff, session):
    r = post_form(
        staff,
        ENTRY,
        typed(
            **{
                "score-moving_around": "8",
                "score-play_recreation": "x",
                "area": "",
                "profile-age_band": "200+",
            }
        ),
        ENTRY,
    )
    assert r.status_code == 400
    for field in ("score-moving_around", "score-play_recreation", "area", "profile-age_band"):
        assert f'id="{field}-error"' in r.text, field
    assert "Type a digit from 1 to 7," in r.text
    assert 'id="score-moving_around" name="score-moving_around" value="8"' in r.text
    assert "Bussen går for sjelden" in r.text
    session.rollback()
    assert session.exec(select(Response)).all() == []


def test_analysts_cannot_type_in_forms(session, staff):
    analyst, _ = logged_in(session, "analyst")
    assert analyst.get(ENTRY).status_code == 403
    assert post_form(analyst, ENTRY, typed()).status_code == 403
    session.rollback()
    assert session.exec(select(Response)).all() == []


def test_a_childrens_campaign_asks_for_its_own_scale_on_paper(session):
    """The hint and the error name the survey's scale: 1 to 3 on the children's version."""
    client, _ = logged_in(session, "facilitator")
    assert post_form(client, "/staff/campaigns/new", campaign_form(title="Barn 2027", survey="children",
                                                                    **running())).status_code == 303
    entry = "/staff/campaigns/barn-2027/paper/entry"
    page = client.get(entry)
    assert page.status_code == 200 and "a digit from 1 to 3 for each score" in page.text
    r = post_form(client, entry, {"id": str(uuid.uuid4()), "area": "sentrum", "locale": "en",
                                  "score-moving_around": "5"}, entry)
    assert r.status_code == 400 and "Type a digit from 1 to 3," in r.text
    assert "1 to 7" not in r.text
