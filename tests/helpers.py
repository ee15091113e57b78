"""Builders shared by the tests."""

import socket
import ssl
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event

from app.db import get_engine
from app.surveys.definitions import get_survey

# A new httpx client loads the system's certificates, about 30 ms of CPU, and the loops that poll a
# starting server made one per try (half a minute per run): the suite's clients share one context.
_TLS = ssl.create_default_context()


def http(**kwargs: Any) -> httpx.Client:
    """An httpx client, with cookies of its own, for talking to a server a test started."""
    return httpx.Client(verify=_TLS, **kwargs)


def http_get(url: str, **kwargs: Any) -> httpx.Response:
    """One GET with a client of its own (no cookies carried over)."""
    with http() as c:
        return c.get(url, **kwargs)


def free_port() -> int:
    """A TCP port nobody listens on now, never 8000 (the default the links must not fall back to)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    assert port != 8000
    return port


def wait_until_up(url: str, proc: subprocess.Popen, log: Callable[[], str] = lambda: "",
                  seconds: float = 180) -> httpx.Response:
    """Poll a server a test started until `url` answers 200; fails with the server's log when the
    process exits or never answers (a bound, not a threshold: start-up is slow on a busy machine)."""
    deadline = time.monotonic() + seconds
    answer = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited {proc.returncode}:\n{log()}")
        try:
            answer = http_get(url, timeout=5)
            if answer.status_code == 200:
                return answer
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} never answered 200 (last: {answer}):\n{log()}")


def themes() -> list[str]:
    survey = get_survey("stedskompasset")
    assert survey is not None
    return survey.theme_slugs


def response_body(area: str = "sentrum", mode: str = "survey", score: int | None = 5, **extra):
    """A complete 14-theme response with a fresh client-made id."""
    body = {
        "id": str(uuid.uuid4()),
        "area": area,
        "mode": mode,
        "locale": "nb",
        "answers": {t: {"score": score, "good": "Fint her", "better": ""} for t in themes()},
        "profile": {"age_band": "25-34", "gender": "prefer_not_to_say"},
    }
    body.update(extra)
    return body


def campaign_body(slug: str = "testkampanje", status: str = "open", **extra):
    body = {
        "slug": slug,
        "title": "Testkampanje",
        "survey": "stedskompasset",
        "areas": [{"slug": "sentrum", "name": "Sentrum"}, {"slug": "nord", "name": "Nord"}],
        "status": status,
    }
    body.update(extra)
    return body


def page_weight(client, url: str) -> int:
    """Bytes of a page's first load, gzip-compressed: the HTML plus every stylesheet and script
    it links, as a phone with an empty cache would fetch them."""
    import gzip
    import re

    html = client.get(url)
    assert html.status_code == 200, (url, html.status_code)
    total = len(gzip.compress(html.content, 6))
    for ref in re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', html.text):
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        total += len(gzip.compress(asset.content, 6))
    return total


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement the app sends through its engine while the block runs."""
    seen: list[str] = []

    def hook(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(get_engine(), "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(get_engine(), "before_cursor_execute", hook)
