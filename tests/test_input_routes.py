"""Every route, walked from the app itself, gets NUL and other control characters, ids beyond
2^31 and 2^63, and digits that are not ASCII, in its path, query string, form and cookies, as an
anonymous visitor and as a logged-in admin: nothing answers 500."""

import pytest
from fastapi import FastAPI, Request
from sqlmodel import Session

from app.main import app
from tests.client import TestClient
from tests.route_walk import ODD_COOKIES, cookie_header, hammer, routes_of, status_of
from tests.staff_support import csrf_of, logged_in
from tests.workshops_support import create_workshop, demo_like, facilitator, post


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


# Three visitors, one test each, so pytest-xdist can walk them on different cores at once.
@pytest.mark.parametrize("visitor", ["admin", "anonymous", "odd cookies"])
def test_no_route_answers_500_to_bad_input(session: Session, world: dict[str, str], visitor: str) -> None:
    routes = [r for r in routes_of(app.routes) if r.path not in ("/docs", "/redoc", "/docs/oauth2-redirect")]
    assert len(routes) > 100
    if visitor == "admin":
        admin, _ = logged_in(session, "admin")  # every staff page is open to an admin
        token = csrf_of(admin.get("/staff").text)
        cookies = cookie_header(admin)
        assert status_of(app, "/staff/admin/users", cookies) == 200  # the walk is an admin's
    elif visitor == "anonymous":
        stranger = TestClient(app)
        token = csrf_of(stranger.get("/staff/login").text)
        cookies = cookie_header(stranger)
    else:
        cookies, token = ODD_COOKIES, "%C3%A9"  # odd cookies, and a CSRF field no ASCII
    assert hammer(app, routes, world, token, cookies) == []


def test_the_walk_reports_what_fails() -> None:
    """The walk itself can fail: a route that breaks on NUL in a form, one that breaks on a huge
    id in its path are reported, with the error; a clean route is not."""
    broken = FastAPI()

    @broken.post("/form")
    async def form(request: Request) -> dict[str, str]:
        if "\x00" in str((await request.form()).get("name")):
            raise RuntimeError("NUL reached the database")
        return {}

    @broken.get("/items/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        if item_id >= 2**31:
            raise OverflowError("integer out of range")
        return {"id": item_id}

    @broken.get("/fine")
    def fine() -> dict[str, str]:
        return {}

    failures = hammer(broken, routes_of(broken.routes), {}, "token")
    huge = ["2147483648", "9223372036854775808", "18446744073709551616", "99999999999999999999999999"]
    assert [f.split(" (")[0] for f in failures] == ["POST /form"] * 2 + [f"GET /items/{n}" for n in huge]
    assert all("Error" in f for f in failures)


def test_json_with_control_characters_is_refused_with_the_field_named(client) -> None:
    body = {"id": "a", "answers": {"moving_around": {"good": "a\x00"}}}
    r = client.post("/api/v1/campaigns/x/responses", json=body)
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "answers.moving_around.good",
                                   "message": "Control characters (such as NUL) are not allowed."}]
    r = client.post("/api/v1/campaigns/x/responses", content=b'{"area": "\\ud800"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "area"
