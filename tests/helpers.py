"""Builders shared by the tests."""

import ssl
import uuid
from collections.abc import Iterator
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
