"""Field work and paper take only the campaign's own survey and the versions it offers.

The tablet's offline queue sends through the responses API, which checks the version; the tablet
form without JavaScript and paper entry are laid out from the campaign's own survey and never read
a version from the form, so a forged one stores nothing else.
"""

import uuid

import pytest
from sqlmodel import select

from app.models import Answer, Campaign, Response
from tests.helpers import themes
from tests.staff_support import campaign_form, logged_in, post_form
from tests.test_field_paper import ENTRY, typed
from tests.test_field_sessions import FIELD, api_body, field_session, running, scores, session_form

URL = "/api/v1/campaigns/sentrum-2027/responses"


@pytest.fixture
def tablet(session):
    """A facilitator with a campaign and a walk-and-talk session in it."""
    client, _ = logged_in(session, "facilitator")
    assert post_form(client, "/staff/campaigns/new", campaign_form(title="Sentrum 2027", **running())
                     ).status_code == 303
    new = "/staff/campaigns/sentrum-2027/sessions/new"
    assert post_form(client, new, session_form(), new).status_code == 303
    return client


def _offer(session, *versions: str) -> None:
    session.rollback()
    c = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()
    c.settings = {**c.settings, "versions": list(versions)}
    session.add(c)
    session.commit()


def _three_point(fs, score: int | None = 3) -> dict:
    from app.surveys.definitions import get_survey

    children = get_survey("children")
    assert children is not None and children.scale.max == 3
    return api_body(fs, survey="children", answers={t: {"score": score} for t in children.theme_slugs})


def test_the_tablet_queue_takes_only_the_versions_the_campaign_offers(tablet, session):
    fs = field_session(session)
    for version in ("children", "nowhere", "youth"):  # none offered yet
        r = tablet.post(URL, json=api_body(fs, survey=version), headers=FIELD)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "survey", r.text
    session.rollback()
    assert session.exec(select(Response)).all() == []
    _offer(session, "children")
    assert tablet.post(URL, json=_three_point(fs, 5), headers=FIELD).status_code == 422  # 1-3 only
    assert tablet.post(URL, json=api_body(fs, survey="youth"), headers=FIELD).status_code == 422
    r = tablet.post(URL, json=_three_point(fs), headers=FIELD)
    assert r.status_code == 201, r.text
    own = tablet.post(URL, json=api_body(fs, survey="stedskompasset"), headers=FIELD)
    assert own.status_code == 201
    session.rollback()
    rows = session.exec(select(Response)).all()
    assert sorted((r.survey_slug or "", r.session_id) for r in rows) == [("", fs.id), ("children", fs.id)]


def test_a_version_typed_into_the_tablet_or_paper_form_is_ignored(tablet, session):
    """Both forms show the campaign's own 1-7 survey; a 'survey' field added to them changes
    nothing: the answers are stored as the campaign's own survey, checked on its own scale."""
    _offer(session, "children")
    fs = field_session(session)
    url = f"/staff/field/{fs.id}"
    form = {**scores("7"), "consensus": "0", "id": str(uuid.uuid4()), "survey": "children"}
    assert post_form(tablet, f"{url}/responses", form, url).status_code == 303
    paper = typed(survey="children")
    assert post_form(tablet, ENTRY, paper, ENTRY).status_code == 303
    session.rollback()
    rows = session.exec(select(Response)).all()
    assert sorted((r.mode, r.survey_slug) for r in rows) == [("paper", None), ("walk", None)]
    assert {a.theme for a in session.exec(select(Answer))} <= set(themes())
    assert 7 in {a.score for a in session.exec(select(Answer))}
