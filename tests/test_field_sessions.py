"""Field sessions over HTTP: create, record participants and consensus (without JavaScript and
through the API with the session cookie), notes per stop, bad input, other municipalities."""

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import Answer, FieldNote, FieldSession, Response
from tests.helpers import response_body, themes
from tests.staff_support import campaign_form, logged_in, post_form


def running() -> dict[str, str]:
    """Dates around today: field work is refused outside a campaign's dates."""
    today = date.today()
    return {"opens_on": (today - timedelta(days=30)).isoformat(),
            "closes_on": (today + timedelta(days=30)).isoformat()}

FIELD = {"X-Medvirk-Field": "1"}


def session_form(**extra):
    data = {
        "kind": "walk",
        "title": "Ungdomsrådet går Sentrum",
        "held_on": "2027-03-10",
        "area": "sentrum",
        "group_label": "ungdomsrådet",
        "stops": "Torget\nBussterminalen\nParken",
    }
    data.update(extra)
    return data


@pytest.fixture
def facilitator(session):
    client, _ = logged_in(session, "facilitator")
    assert post_form(client, "/staff/campaigns/new", campaign_form(title="Sentrum 2027", **running())
                     ).status_code == 303
    r = post_form(
        client,
        "/staff/campaigns/sentrum-2027/sessions/new",
        session_form(),
        "/staff/campaigns/sentrum-2027/sessions/new",
    )
    assert r.status_code == 303
    return client


def field_session(session):
    session.rollback()
    return session.exec(select(FieldSession)).one()


def scores(score="5", **extra):
    data = {f"score-{t}": score for t in themes()}
    data.update({"locale": "nb", "good-moving_around": "Brede fortau", **extra})
    return data


def test_create_walk_and_talk_with_stops(facilitator, session):
    fs = field_session(session)
    assert fs.kind == "walk" and fs.group_label == "ungdomsrådet"
    assert fs.stops == ["Torget", "Bussterminalen", "Parken"] and fs.held_on.isoformat() == "2027-03-10"
    page = facilitator.get(f"/staff/field/{fs.id}")
    assert page.status_code == 200 and "Bussterminalen" in page.text and "ungdomsrådet" in page.text
    assert "/static/js/field." in page.text


def test_bad_session_form_keeps_input_and_stores_nothing(facilitator, session):
    r = post_form(
        facilitator,
        "/staff/campaigns/sentrum-2027/sessions/new",
        session_form(kind="picnic", title="", held_on="10.3.2027", area="mars", group_label="", stops=""),
        "/staff/campaigns/sentrum-2027/sessions/new",
    )
    assert r.status_code == 400
    for field in ("kind", "title", "held_on", "area", "group_label"):
        assert f'id="{field}-error"' in r.text, field
    assert 'value="10.3.2027"' in r.text
    no_stops = post_form(
        facilitator,
        "/staff/campaigns/sentrum-2027/sessions/new",
        session_form(stops=""),
        "/staff/campaigns/sentrum-2027/sessions/new",
    )
    assert no_stops.status_code == 400 and 'id="stops-error"' in no_stops.text
    workshop = post_form(
        facilitator,
        "/staff/campaigns/sentrum-2027/sessions/new",
        session_form(kind="workshop", stops="", title="Verksted"),
        "/staff/campaigns/sentrum-2027/sessions/new",
    )
    assert workshop.status_code == 303
    session.rollback()
    assert len(session.exec(select(FieldSession)).all()) == 2


def test_without_javascript_participants_and_a_consensus_are_stored_with_the_group(facilitator, session):
    fs = field_session(session)
    url = f"/staff/field/{fs.id}"
    for n in range(3):
        r = post_form(
            facilitator,
            f"{url}/responses",
            {**scores(str(n + 3)), "consensus": "0", "id": str(uuid.uuid4())},
            url,
        )
        assert r.status_code == 303 and r.headers["location"] == f"{url}?saved=response"
    post_form(
        facilitator, f"{url}/responses", {**scores("dk"), "consensus": "1", "id": str(uuid.uuid4())}, url
    )
    session.rollback()
    rows = session.exec(select(Response).order_by(Response.is_consensus)).all()
    assert [(r.mode, r.group_label, r.session_id, r.is_consensus) for r in rows] == (
        [("walk", "ungdomsrådet", fs.id, False)] * 3 + [("walk", "ungdomsrådet", fs.id, True)]
    )
    consensus = rows[-1]
    assert {a.score for a in session.exec(select(Answer).where(Answer.response_id == consensus.id))} == {None}
    page = facilitator.get(url)
    assert "Stored on the server: 3 participants and 1 consensus rounds." in page.text


def test_a_double_submitted_form_is_stored_once(facilitator, session):
    fs = field_session(session)
    url = f"/staff/field/{fs.id}"
    data = {**scores("4"), "consensus": "0", "id": str(uuid.uuid4())}
    assert post_form(facilitator, f"{url}/responses", data, url).status_code == 303
    assert post_form(facilitator, f"{url}/responses", data, url).status_code == 303
    session.rollback()
    assert len(session.exec(select(Response)).all()) == 1


def test_bad_scores_are_shown_next_to_the_theme_and_nothing_is_stored(facilitator, session):
    fs = field_session(session)
    url = f"/staff/field/{fs.id}"
    r = post_form(
        facilitator,
        f"{url}/responses",
        {**scores("5"), "score-feeling_safe": "9", "locale": "xx", "consensus": "0"},
        url,
    )
    assert r.status_code == 400
    assert 'id="score-feeling_safe-error"' in r.text and 'id="locale-error"' in r.text
    assert "Brede fortau" in r.text  # what was typed is kept
    empty = post_form(facilitator, f"{url}/responses", {"locale": "nb", "consensus": "0"}, url)
    assert empty.status_code == 400
    session.rollback()
    assert session.exec(select(Response)).all() == []


def test_notes_per_stop_without_javascript(facilitator, session):
    fs = field_session(session)
    url = f"/staff/field/{fs.id}"
    assert (
        post_form(
            facilitator,
            f"{url}/notes",
            {"stop": "1", "note": "Mørkt under brua", "note_id": str(uuid.uuid4())},
            url,
        ).status_code
        == 303
    )
    bad = post_form(facilitator, f"{url}/notes", {"stop": "7", "note": ""}, url)
    assert bad.status_code == 400 and 'id="note-error"' in bad.text and 'id="stop-error"' in bad.text
    session.rollback()
    note = session.exec(select(FieldNote)).one()
    assert (note.stop, note.text) == (1, "Mørkt under brua")
    assert "Bussterminalen:</strong> Mørkt under brua" in facilitator.get(url).text


def api_body(fs, **extra):
    body = response_body(area="sentrum", mode="walk", session=fs.id)
    body.pop("profile")
    body.update(extra)
    return body


def test_api_with_session_cookie_and_field_header_attaches_the_session(facilitator, session):
    fs = field_session(session)
    body = api_body(fs, consensus=True)
    url = "/api/v1/campaigns/sentrum-2027/responses"
    first = facilitator.post(url, json=body, headers=FIELD)
    again = facilitator.post(url, json=body, headers=FIELD)
    assert (first.status_code, again.status_code) == (201, 200)
    session.rollback()
    row = session.exec(select(Response)).one()
    assert (row.session_id, row.group_label, row.is_consensus, row.mode) == (
        fs.id,
        "ungdomsrådet",
        True,
        "walk",
    )


def test_api_without_the_header_ignores_the_cookie(facilitator, session):
    fs = field_session(session)
    r = facilitator.post("/api/v1/campaigns/sentrum-2027/responses", json=api_body(fs))
    assert r.status_code == 401
    cross = facilitator.post(
        "/api/v1/campaigns/sentrum-2027/responses",
        json=api_body(fs),
        headers={**FIELD, "Origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    session.rollback()
    assert session.exec(select(Response)).all() == []


def test_api_refuses_bad_session_use(facilitator, session, client):
    fs = field_session(session)
    url = "/api/v1/campaigns/sentrum-2027/responses"
    assert (
        facilitator.post(url, json=api_body(fs, mode="workshop"), headers=FIELD).json()["errors"][0]["field"]
        == "mode"
    )
    assert facilitator.post(url, json=api_body(fs, session=fs.id + 99), headers=FIELD).status_code == 422
    no_session = response_body(area="sentrum", consensus=True)
    assert client.post(url, json=no_session).status_code == 422
    anonymous = client.post(url, json=api_body(fs, mode="survey"))
    assert anonymous.status_code == 401
    analyst, _ = logged_in(session, "analyst")
    assert analyst.post(url, json=api_body(fs), headers=FIELD).status_code == 403
    session.rollback()
    assert session.exec(select(Response)).all() == []


def test_api_notes_are_idempotent(facilitator, session):
    fs = field_session(session)
    note = {"id": str(uuid.uuid4()), "stop": 0, "text": "Benkene er borte"}
    url = f"/api/v1/field/sessions/{fs.id}/notes"
    assert facilitator.post(url, json=note, headers=FIELD).status_code == 201
    assert facilitator.post(url, json=note, headers=FIELD).status_code == 200
    assert facilitator.post(url, json={**note, "text": "Annet"}, headers=FIELD).status_code == 409
    assert (
        facilitator.post(url, json={**note, "id": str(uuid.uuid4()), "stop": 9}, headers=FIELD).status_code
        == 422
    )
    assert (
        facilitator.post(url, json={**note, "id": str(uuid.uuid4()), "text": " "}, headers=FIELD).status_code
        == 422
    )
    session.rollback()
    assert len(session.exec(select(FieldNote)).all()) == 1


def test_another_municipality_cannot_see_or_record(facilitator, session):
    fs = field_session(session)
    stranger, _ = logged_in(session, "facilitator", org="annenby")
    assert stranger.get(f"/staff/field/{fs.id}").status_code == 404
    assert post_form(stranger, f"/staff/field/{fs.id}/responses", scores("5")).status_code == 404
    assert post_form(stranger, f"/staff/field/{fs.id}/notes", {"note": "x"}).status_code == 404
    assert stranger.get("/staff/campaigns/sentrum-2027/sessions/new").status_code == 404
    r = stranger.post("/api/v1/campaigns/sentrum-2027/responses", json=api_body(fs), headers=FIELD)
    assert r.status_code == 403
    n = stranger.post(
        f"/api/v1/field/sessions/{fs.id}/notes", json={"id": str(uuid.uuid4()), "text": "x"}, headers=FIELD
    )
    assert n.status_code == 404
    session.rollback()
    assert session.exec(select(Response)).all() == [] and session.exec(select(FieldNote)).all() == []


def test_service_worker_is_served_from_the_field_scope(client):
    r = client.get("/staff/field/sw.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert r.headers["service-worker-allowed"] == "/staff/field/"
    assert "caches.match" in r.text
