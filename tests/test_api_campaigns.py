"""Health, survey definitions and campaigns through the public API."""

from tests.helpers import campaign_body


def test_healthz_answers_when_database_does(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_survey_list_and_definition(client):
    listing = client.get("/api/v1/surveys").json()
    assert [s["slug"] for s in listing] == ["stedskompasset"]
    survey = client.get("/api/v1/surveys/stedskompasset").json()
    assert len(survey["themes"]) == 14
    assert survey["themes"][0]["slug"] == "moving_around"
    assert survey["themes"][-1]["slug"] == "influence_control"
    assert set(survey["themes"][0]["name"]) == {"nb", "nn", "en", "se", "uk", "ar",
                                                "pl", "lt", "so", "ti", "lettlest"}
    assert survey["scale"]["min"] == 1 and survey["scale"]["max"] == 7
    assert [f["key"] for f in survey["free_text"]] == ["good", "better"]
    age = next(q for q in survey["profile"] if q["key"] == "age_band")
    assert "prefer_not_to_say" in [o["value"] for o in age["options"]]


def test_unknown_survey_is_404_json(client):
    r = client.get("/api/v1/surveys/nope")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v1/campaigns/{slug}/responses" in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()


def test_create_and_read_campaign(client, auth):
    r = client.post("/api/v1/campaigns", json=campaign_body(), headers=auth)
    assert r.status_code == 201, r.text
    got = client.get("/api/v1/campaigns/testkampanje").json()
    assert got["survey"] == "stedskompasset"
    assert [a["slug"] for a in got["areas"]] == ["sentrum", "nord"]
    assert got["status"] == "open" and got["is_demo"] is False


def test_campaign_needs_a_token(client):
    r = client.post("/api/v1/campaigns", json=campaign_body())
    assert r.status_code == 401
    bad = client.post("/api/v1/campaigns", json=campaign_body(),
                      headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401


def test_duplicate_campaign_slug_is_409(client, auth):
    assert client.post("/api/v1/campaigns", json=campaign_body(), headers=auth).status_code == 201
    r = client.post("/api/v1/campaigns", json=campaign_body(), headers=auth)
    assert r.status_code == 409
    assert r.json()["errors"][0]["field"] == "slug"


def test_bad_campaign_fields_are_named(client, auth):
    body = campaign_body(slug="Bad Slug!", survey="nope", areas=[])
    r = client.post("/api/v1/campaigns", json=body, headers=auth)
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"slug", "areas"} <= fields
    r = client.post("/api/v1/campaigns", json=campaign_body(survey="nope"), headers=auth)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "survey"
    assert client.get("/api/v1/campaigns/testkampanje").status_code == 404


def test_analyst_cannot_create_campaign(client, session):
    from tests.conftest import make_staff

    _, token = make_staff(session, role="analyst")
    r = client.post("/api/v1/campaigns", json=campaign_body(),
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403
