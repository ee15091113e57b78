"""Submitting responses: round trip, idempotency, concurrency and every kind of bad input."""

import json
import threading
import uuid

import pytest
from sqlalchemy import func, select

from app.models import Answer, ProfileAnswer, Response
from tests.helpers import campaign_body, response_body, themes


@pytest.fixture
def campaign(client, auth):
    assert client.post("/api/v1/campaigns", json=campaign_body(), headers=auth).status_code == 201
    return "testkampanje"


def counts(session) -> tuple[int, int, int]:
    session.rollback()  # end the read snapshot to see other connections' commits
    tables = (Response, Answer, ProfileAnswer)
    return tuple(session.scalar(select(func.count()).select_from(t)) for t in tables)


URL = "/api/v1/campaigns/testkampanje/responses"


def test_round_trip_stores_every_answer(client, session, campaign):
    body = response_body()
    r = client.post(URL, json=body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["id"] == body["id"] and out["area"] == "sentrum" and out["survey_version"] == 1
    assert out["answers"]["moving_around"] == {"score": 5, "good": "Fint her", "better": None}
    assert counts(session) == (1, 14, 2)


def test_same_id_same_body_is_stored_once(client, session, campaign):
    body = response_body()
    first = client.post(URL, json=body)
    again = client.post(URL, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["submitted_at"] == first.json()["submitted_at"]
    assert counts(session) == (1, 14, 2)


def test_same_id_other_body_is_409(client, session, campaign):
    body = response_body()
    client.post(URL, json=body)
    body["answers"]["moving_around"]["score"] = 2
    r = client.post(URL, json=body)
    assert r.status_code == 409
    assert r.json()["errors"][0]["field"] == "id"
    assert counts(session) == (1, 14, 2)


def test_concurrent_copies_store_one(client, session, campaign):
    body = response_body()
    statuses = []

    def post():
        statuses.append(client.post(URL, json=body).status_code)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] * 7 + [201]
    assert counts(session) == (1, 14, 2)


def test_dont_know_is_null_not_a_score(client, session, campaign):
    body = response_body(score=None)
    assert client.post(URL, json=body).status_code == 201
    session.rollback()  # end the read snapshot to see other connections' commits
    scores = session.scalars(select(Answer.score)).all()
    assert scores == [None] * 14


def _bad(body_change, field_part):
    return pytest.param(body_change, field_part, id=field_part)


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda b: b["answers"]["moving_around"].update(score=8), "answers.moving_around.score"),
        (lambda b: b["answers"]["moving_around"].update(score=0), "answers.moving_around.score"),
        (lambda b: b["answers"]["moving_around"].update(score=3.5), "answers.moving_around.score"),
        (lambda b: b["answers"]["moving_around"].update(score="4"), "answers.moving_around.score"),
        (lambda b: b["answers"].update(weather={"score": 3}), "answers.weather"),
        (lambda b: b.update(area="atlantis"), "area"),
        (lambda b: b["profile"].update(shoe_size="42"), "profile.shoe_size"),
        (lambda b: b["profile"].update(age_band="12-13"), "profile.age_band"),
        (lambda b: b["answers"]["moving_around"].update(good="x" * 4001), "answers.moving_around.good"),
        (lambda b: b.update(id="not-a-uuid"), "id"),
        (lambda b: b.update(mode="telepathy"), "mode"),
        (lambda b: b.update(locale="de"), "locale"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(client, session, campaign, change, field):
    body = response_body()
    change(body)
    r = client.post(URL, json=body)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert counts(session) == (0, 0, 0)


def test_comment_of_exactly_4000_characters_is_fine(client, campaign):
    body = response_body()
    body["answers"]["moving_around"]["better"] = "y" * 4000
    assert client.post(URL, json=body).status_code == 201


def test_malformed_json_is_422_not_500(client, session, campaign):
    r = client.post(URL, content=b'{"id": ', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "body"
    assert counts(session) == (0, 0, 0)


def test_unknown_campaign_is_404(client):
    r = client.post("/api/v1/campaigns/nowhere/responses", json=response_body())
    assert r.status_code == 404


@pytest.mark.parametrize(("status", "expected"), [("draft", 404), ("closed", 409)])
def test_campaign_not_open_is_refused(client, session, auth, status, expected):
    """A closed campaign says so (409); a draft is not published, so it answers like an unknown
    address (404, issue 11)."""
    client.post("/api/v1/campaigns", json=campaign_body(slug="k2", status=status), headers=auth)
    r = client.post("/api/v1/campaigns/k2/responses", json=response_body())
    assert r.status_code == expected
    assert counts(session) == (0, 0, 0)


def test_other_modes_need_staff(client, session, campaign, auth):
    body = response_body(mode="paper")
    assert client.post(URL, json=body).status_code == 401
    assert client.post(URL, json=body, headers=auth).status_code == 201
    assert counts(session)[0] == 1


def test_staff_of_another_organisation_is_refused(client, session, campaign):
    from tests.conftest import make_staff

    _, token = make_staff(session, role="facilitator", org="annenby")
    r = client.post(URL, json=response_body(mode="walk"), headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403


def test_oversized_body_is_413(client, session, campaign):
    body = response_body()
    body["padding"] = "z" * 300_000
    r = client.post(URL, content=json.dumps(body), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert counts(session) == (0, 0, 0)


def test_response_tables_hold_no_device_data():
    """Read the migrated database itself: no column could hold an IP or device data."""
    from sqlalchemy import inspect

    from app.db import get_engine

    forbidden = {"ip", "addr", "address", "agent", "device", "host", "fingerprint", "browser"}
    inspector = inspect(get_engine())
    for table in ("response", "answer", "profile_answer"):
        names = [c["name"] for c in inspector.get_columns(table)]
        assert names, table
        for name in names:
            assert not forbidden & set(name.lower().split("_")), f"{table}.{name}"


def test_stored_response_records_the_survey_version(client, session, campaign):
    body = response_body()
    client.post(URL, json=body)
    session.rollback()  # end the read snapshot to see other connections' commits
    assert session.get(Response, body["id"]).survey_version == 1
    assert uuid.UUID(body["id"])


def test_a_skipped_theme_keeps_its_comment_and_counts_in_no_tally(client, session, campaign, auth):
    from app.models.results import ResultTally
    from app.results.disclosure import DONT_KNOW

    skipped, unknown = themes()[0], themes()[1]
    body = response_body()
    body["answers"][skipped] = {"score": None, "better": "Vet ikke hva jeg mener om tallet", "skipped": True}
    body["answers"][unknown] = {"score": None, "good": "Kjenner ikke stedet"}
    assert client.post(URL, json=body).status_code == 201
    assert client.post(URL, json=body).status_code == 200  # a retry: the same body, stored once
    session.rollback()
    rows = {a.theme: a for a in session.scalars(select(Answer))}
    assert (rows[skipped].score, rows[skipped].skipped, rows[skipped].better) == (
        None, True, "Vet ikke hva jeg mener om tallet")
    assert (rows[unknown].score, rows[unknown].skipped) == (None, False)
    tally = {(t.theme, t.score): t.count for t in session.scalars(select(ResultTally))}
    assert (unknown, DONT_KNOW) in tally and not any(theme == skipped for theme, _ in tally)
    csv = client.get("/api/v1/campaigns/testkampanje/responses.csv", headers=auth).text.splitlines()
    header, row = csv[0].lstrip("\ufeff").split(","), csv[1].split(",")
    assert row[header.index(skipped)] == "" and row[header.index(unknown)] == "dk"


def test_a_skipped_theme_with_a_score_is_refused_and_stores_nothing(client, session, campaign):
    body = response_body()
    body["answers"][themes()[2]] = {"score": 4, "skipped": True}
    r = client.post(URL, json=body)
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == [f"answers.{themes()[2]}"]
    assert counts(session) == (0, 0, 0)


def test_skipped_false_hashes_as_a_body_without_it(client, session, campaign):
    body = response_body()
    assert client.post(URL, json=body).status_code == 201
    for answer in body["answers"].values():
        answer["skipped"] = False
    assert client.post(URL, json=body).status_code == 200  # the same answers: a retry, not a conflict
    assert counts(session) == (1, 14, 2)
