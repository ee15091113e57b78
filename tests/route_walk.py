"""The route walk: every route of the app, found from the app itself, gets control characters, ids
beyond 2^31 and 2^63 and digits that are not ASCII in its path, query string and form, and must never
answer 500.

A walk sends thousands of requests, so it sends them straight into the ASGI app in one event loop, as
uvicorn would: the same app, middleware and routes as TestClient, without its thread hand-offs and
URL parsing on every request (two thirds of a walk's time through TestClient)."""

import traceback
from collections.abc import Iterable
from urllib.parse import quote, unquote

from fastapi import FastAPI
from fastapi.routing import APIRoute

from tests.client import TestClient, call, run_to_end

BAD = ["\x00", "a\x00b", "\x1b[2J", "2147483648", "9223372036854775808", "18446744073709551616",
       "99999999999999999999999999", "²", "٣", "-1", "0", "\ud800"]
FIELDS = """code area score good better title points round comment page campaign count id status stop
username password confirm months days name label value source reason description place themes areas
campaigns boards held_on opens_on closes_on slug role parent_id go actor plan p-t:moving_around n lang
group_by mode weighted theme m next retention_months expires_days""".split()  # noqa: SIM905
ODD_COOKIES = 'staff="a.1.\\303\\251"; verksted="\\303\\251.\\303\\251"; bylab="\\303\\251.x"; ' \
              'medvirk_draft="\\303\\251"; staff_device="\\303\\251.\\303\\251"; lang="\\303\\251"'


def routes_of(routes: Iterable) -> list[APIRoute]:  # type: ignore[type-arg]
    """Every APIRoute, included routers walked too."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += routes_of(route.original_router.routes)
    return found


def enc(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def paths(route: APIRoute, real: dict[str, str]) -> list[tuple[str, str]]:
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
            out.append((template.format(**{**base, name: enc(bad)}), bad))
    return out


def cookie_header(client: TestClient) -> str:
    """The Cookie header a TestClient would send now (its login, CSRF and device cookies)."""
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def _send(app: FastAPI, method: str, target: str, body: bytes, cookies: str) -> tuple[int, str]:
    """One request into the ASGI app, as uvicorn builds it from the wire; (status, body)."""
    raw_path, _, query = target.partition("?")
    headers = [(b"host", b"testserver"), (b"user-agent", b"route-walk")]
    if cookies:
        headers.append((b"cookie", cookies.encode("latin-1")))
    if method != "GET":
        headers += [(b"content-type", b"application/x-www-form-urlencoded"),
                    (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": unquote(raw_path), "raw_path": raw_path.encode(),
             "query_string": query.encode(), "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    started: dict = {}
    chunks: list[bytes] = []
    try:
        await call(app, scope, body, started, chunks)
    except Exception:  # what uvicorn logs and answers with 500: report it with its traceback
        return 500, traceback.format_exc()
    return started.get("status_code", 0), b"".join(chunks).decode("utf-8", "replace")


def status_of(app: FastAPI, path: str, cookies: str) -> int:
    """The status of one GET sent the way the walk sends it (to check who the walk walks as)."""
    return run_to_end(lambda: _send(app, "GET", path, b"", cookies))[0]


def hammer(app: FastAPI, routes: list[APIRoute], real: dict[str, str], token: str, cookies: str = "",
           fields: list[str] = FIELDS) -> list[str]:
    """Walk `routes` with every bad value; the requests that answered 500 or more."""
    queries = {bad: "&".join(f"{enc(f)}={enc(bad)}" for f in fields) for bad in BAD}

    async def walk() -> list[str]:
        failures = []
        for route in routes:
            for method in sorted(route.methods - {"HEAD"}):
                for path, bad in paths(route, real):
                    if method == "GET":
                        status, text = await _send(app, method, f"{path}?{queries[bad]}", b"", cookies)
                    else:
                        form = f"csrf={token}&{queries[bad]}".encode()
                        status, text = await _send(app, method, path, form, cookies)
                    if status >= 500 or status == 0:
                        failures.append(f"{method} {path} ({bad!r}) -> {status} {text[-300:]!r}")
        return failures

    return run_to_end(walk)
