"""Every route, walked from the app itself, gets NUL and other control characters, ids beyond
2^31 and 2^63, and digits that are not ASCII, in its path, query string, form and cookies, as an
anonymous visitor and as a logged-in admin: nothing answers 500."""

from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.main import app
from tests.staff_support import csrf_of, logged_in
from tests.workshops_support import create_workshop, demo_like, facilitator, post

BAD = ["\x00", "a\x00b", "\x1b[2J", "2147483648", "9223372036854775808", "18446744073709551616",
       "99999999999999999999999999", "²", "٣", "-1", "0", "\ud800"]
FIELDS = """code area score good better title points round comment page campaign count id status stop
username password confirm months days name label value source reason description place themes areas
campaigns boards held_on opens_on closes_on slug role parent_id go actor plan p-t:moving_around n lang
group_by mode weighted theme m next retention_months expires_days""".split()  # noqa: SIM905
ODD_COOKIES = 'staff="a.1.\\303\\251"; verksted="\\303\\251.\\303\\251"; bylab="\\303\\251.x"; ' \
              'medvirk_draft="\\303\\251"; staff_device="\\303\\251.\\303\\251"; lang="\\303\\251"'


def _walk(routes) -> list[APIRoute]:  # type: ignore[no-untyped-def]
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _walk(route.original_router.routes)
    return found


def _enc(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _paths(route: APIRoute, real: dict[str, str]) -> list[tuple[str, str]]:
    """(path, bad value for the query and form): the real path with each bad value, then each path
    parameter in turn given each bad value."""
    names = [p.name for p in route.dependant.path_params]
    template = route.path.replace("{name:path}", "{name}")
    base = {n: real.get(n, "1") for n in names}
    if route.path.startswith(("/b/", "/staff/boards", "/api/v1/boards")):
        base["slug"] = real["board"]
    out = [(template.format(**base), bad) for bad in BAD]  # the real path, every bad query and form
    for name in names:
        for bad in BAD:
            out.append((template.format(**{**base, name: _enc(bad)}), bad))
    return out


@pytest.fixture
def world(session: Session) -> dict[str, str]:
    s = demo_like(session)
    staff = facilitator(session)
    wid = create_workshop(staff, s)
    post(staff, f"/staff/workshops/{wid}/rounds", {}, f"/staff/workshops/{wid}")
    session.commit()
    from app.models.workshops import Workshop

    workshop = session.get(Workshop, wid)
    assert workshop is not None
    return {"slug": s.campaign.slug, "board": s.board.slug, "workshop_id": str(wid), "code": workshop.code,
            "number": "1", "n": "1", "token": "x" * 40, "name": "css/app.css"}


def _query(bad: str) -> str:
    return "&".join(f"{_enc(f)}={_enc(bad)}" for f in FIELDS)


def _hammer(client: TestClient, routes: list[APIRoute], real: dict[str, str], token: str) -> list[str]:
    failures = []
    for route in routes:
        for method in sorted(route.methods - {"HEAD"}):
            for path, bad in _paths(route, real):
                if method == "GET":
                    r = client.get(f"{path}?{_query(bad)}", follow_redirects=False)
                else:
                    body = "&".join([f"csrf={token}", _query(bad)])
                    r = client.request(method, path, content=body, follow_redirects=False,
                                       headers={"content-type": "application/x-www-form-urlencoded"})
                if r.status_code >= 500:
                    failures.append(f"{method} {path} ({bad!r}) -> {r.status_code} {r.text[-300:]!r}")
    return failures


# Three visitors, one test each, so pytest-xdist can walk them on different cores at once.
@pytest.mark.parametrize("visitor", ["admin", "anonymous", "odd cookies"])
def test_no_route_answers_500_to_bad_input(session: Session, world: dict[str, str], visitor: str) -> None:
    routes = [r for r in _walk(app.routes) if r.path not in ("/docs", "/redoc", "/docs/oauth2-redirect")]
    assert len(routes) > 100
    if visitor == "admin":
        admin, _ = logged_in(session, "admin")  # every staff page is open to an admin
        token = csrf_of(admin.get("/staff").text)
        client = TestClient(app, raise_server_exceptions=False, cookies=dict(admin.cookies))
    elif visitor == "anonymous":
        client = TestClient(app, raise_server_exceptions=False)
        token = csrf_of(client.get("/staff/login").text)
    else:
        client = TestClient(app, raise_server_exceptions=False, headers={"cookie": ODD_COOKIES})
        token = "%C3%A9"  # odd cookies, and a CSRF field no ASCII
    assert _hammer(client, routes, world, token) == []


def test_json_with_control_characters_is_refused_with_the_field_named(client) -> None:
    body = {"id": "a", "answers": {"moving_around": {"good": "a\x00"}}}
    r = client.post("/api/v1/campaigns/x/responses", json=body)
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "answers.moving_around.good",
                                   "message": "Control characters (such as NUL) are not allowed."}]
    r = client.post("/api/v1/campaigns/x/responses", content=b'{"area": "\\ud800"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "area"
