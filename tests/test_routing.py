"""The routers that skip whole domains (app/web/routing.py) never hide a route nor change which
one answers: nested includes, include prefixes, path parameters, 405 and slash redirects."""

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Match

from app.main import app as real_app
from app.web.routing import Router
from tests.client import TestClient

pytestmark = pytest.mark.any_database  # routing only: no database


def _small_app() -> FastAPI:
    leaf = Router(prefix="/staff/things")
    leaf.get("")(lambda: "things")
    leaf.get("/{n}")(lambda n: f"thing {n}")
    leaf.post("/{n}/done")(lambda n: f"done {n}")
    other = Router()
    other.get("/staff/other/")(lambda: "other")
    other.get("/{slug}/page")(lambda slug: f"page of {slug}")  # begins with a parameter: any path
    domain = Router()
    domain.include_router(leaf)
    domain.include_router(other, prefix="/v2")
    app = FastAPI()
    app.include_router(Router())  # an empty router: never matches, never gets in the way
    app.include_router(domain)
    return app


def test_every_route_of_nested_and_prefixed_routers_still_answers():
    with TestClient(_small_app()) as c:
        assert c.get("/staff/things").json() == "things"
        assert c.get("/staff/things/7").json() == "thing 7"
        assert c.post("/staff/things/7/done").json() == "done 7"
        assert c.get("/v2/staff/other/").json() == "other"
        assert c.get("/v2/anything/page").json() == "page of anything"


def test_a_wrong_method_is_still_405_and_a_missing_slash_still_redirects():
    with TestClient(_small_app()) as c:
        assert c.post("/staff/things/7").status_code == 405
        moved = c.get("/v2/staff/other", follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"].endswith("/v2/staff/other/")
        assert c.get("/staff/nothing").status_code == 404
        assert c.get("/v3/staff/other/").status_code == 404


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _routes(routes, chain=()):  # type: ignore[no-untyped-def]
    """Every APIRoute of the real app with the routers it is included through."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route, chain
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes, (*chain, route.original_router))


def test_no_router_of_the_real_app_turns_away_a_path_of_its_own_routes():
    """Every route's path (parameters filled in) passes the gate of each router it sits in."""
    checked = 0
    for route, chain in _routes(real_app.routes):
        scope = {"type": "http", "path": _concrete(route.path), "root_path": "", "method": "GET"}
        for router in chain:
            if isinstance(router, Router):
                router.matches(dict(scope))  # the gate's table is made at the first request
                assert scope["path"].startswith(router._starts or ()), (route.path, router._starts)
                checked += 1
    assert checked > 200


def test_the_gate_turns_away_other_domains():
    """A staff path is not tried against the resident pages' routes (the point of the gate)."""
    from app.responses.pages import router as resident_pages

    resident_pages.matches({"type": "http", "path": "/k/x", "root_path": "", "method": "GET"})
    assert resident_pages._starts and all(start.startswith("/k/") for start in resident_pages._starts)
    scope = {"type": "http", "path": "/staff/outcomes/1", "root_path": "", "method": "GET"}
    assert resident_pages.matches(scope) == (Match.NONE, {})
