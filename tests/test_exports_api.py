"""The analysts' API: /api/v1/campaigns/{slug}/responses.csv and .ndjson with a token stream the
browser export's bytes and cells; the permission matrix decides who may; no token is 401, another
organisation's or an unknown campaign the same 404; OpenAPI documents both with their media types."""

import json

import pytest

from app.auth import permissions
from tests.conftest import make_staff
from tests.test_exports_csv import EXPECTED, build, csv_rows

ROUTES = ("/api/v1/campaigns/{slug}/responses.csv", "/api/v1/campaigns/{slug}/responses.ndjson")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_analyst_token_streams_the_csv_byte_for_byte(client, session):
    build(session)
    _, token = make_staff(session, "analyst")
    r = client.get("/api/v1/campaigns/exp/responses.csv", headers=bearer(token))
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="exp.csv"'
    assert r.headers["cache-control"] == "no-store"
    assert r.content == EXPECTED


def test_an_analyst_token_streams_ndjson_with_the_csv_cells(client, session):
    build(session)
    _, token = make_staff(session, "analyst")
    with client.stream("GET", "/api/v1/campaigns/exp/responses.ndjson", headers=bearer(token)) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
        objects = [json.loads(line) for line in r.iter_lines() if line]
    header, *rows = csv_rows(EXPECTED)
    assert [list(o) for o in objects] == [header] * len(rows)
    assert [[str(v) for v in o.values()] for o in objects] == rows


@pytest.mark.parametrize("role", ["admin", "facilitator", "analyst"])
def test_every_role_the_matrix_allows_may_export(client, session, role):
    build(session)
    _, token = make_staff(session, role)
    for route in ROUTES:
        assert client.get(route.format(slug="exp"), headers=bearer(token)).status_code == 200


def test_a_role_the_matrix_refuses_gets_403(client, session, monkeypatch):
    """Every role may export today; take the right from analysts and the API must follow the matrix."""
    build(session)
    _, token = make_staff(session, "analyst")
    monkeypatch.setitem(permissions.MATRIX, "results.export",
                        frozenset({permissions.ADMIN, permissions.FACILITATOR}))
    for route in ROUTES:
        r = client.get(route.format(slug="exp"), headers=bearer(token))
        assert r.status_code == 403 and r.json()["error"] == "forbidden"
        assert "response_id" not in r.text


def test_no_token_or_a_wrong_one_is_401(client, session):
    build(session)
    for route in ROUTES:
        assert client.get(route.format(slug="exp")).status_code == 401
        assert client.get(route.format(slug="exp"), headers=bearer("not-a-token")).status_code == 401
        assert client.get(route.format(slug="nowhere")).status_code == 401  # nothing told without a token


def test_unknown_and_other_organisations_campaigns_answer_the_same_404(client, session):
    build(session)  # published, in "testby"
    _, stranger = make_staff(session, "analyst", org="annenby")
    _, token = make_staff(session, "analyst")
    client.post("/api/v1/campaigns", headers=bearer(make_staff(session, "admin", org="annenby")[1]),
                json={"slug": "utkast", "title": "Utkast", "survey": "stedskompasset", "status": "draft",
                      "areas": [{"slug": "a", "name": "A"}]})
    for route in ROUTES:
        unknown = client.get(route.format(slug="finnes-ikke"), headers=bearer(token))
        assert unknown.status_code == 404
        for slug, who in (("exp", stranger), ("utkast", token)):
            r = client.get(route.format(slug=slug), headers=bearer(who))
            assert r.status_code == 404
            assert r.text.replace(slug, "X") == unknown.text.replace("finnes-ikke", "X")


def test_openapi_documents_both_routes_with_their_media_types(client):
    spec = client.get("/openapi.json").json()
    for route, media in zip(ROUTES, ("text/csv", "application/x-ndjson"), strict=True):
        get = spec["paths"][route]["get"]
        assert list(get["responses"]["200"]["content"]) == [media]
        assert {"401", "403", "404"} <= set(get["responses"])
        assert get["security"] == [{"HTTPBearer": []}]
        assert "formula-safe" in get["description"] or "apostrophe" in get["description"]
