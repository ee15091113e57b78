"""The baseline for resident pages: a bare FastAPI app with a plain `def` route, as the FastAPI
documentation would write it, that reads the campaign's title with one SELECT and renders a Jinja
page (autoescaped) of the size the real page has (BENCH_PAGE_BYTES, bytes of HTML). No middleware,
no cookies, no translations. Served at the resident addresses, so wrk asks both apps the same."""

import os

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse
from jinja2 import Environment, select_autoescape
from sqlalchemy import text

from app.db import make_engine

engine = make_engine(os.environ["DATABASE_URL"])
app = FastAPI()
jinja = Environment(autoescape=select_autoescape(default=True))
PAGE = jinja.from_string(
    '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
    "<body><main><h1>{{ title }}</h1>{% for line in lines %}<p>{{ line }} &middot; {{ title }}</p>"
    "{% endfor %}</main></body></html>")
LINE = "Hvordan er det å bevege seg rundt i nærområdet ditt, til fots, på sykkel eller med rullestol?"


def _lines(size: int) -> list[str]:
    """As many lines as make the page about `size` bytes."""
    empty = len(PAGE.render(title="Bench", lines=[]).encode())
    one = len(PAGE.render(title="Bench", lines=[LINE]).encode()) - empty
    return [LINE] * max(0, (size - empty) // one)


SIZES = {name: _lines(int(os.environ.get(f"BENCH_{name.upper()}_BYTES", 12000)))
         for name in ("landing", "theme")}


def _page(slug: str, size: str) -> HTMLResponse:
    with engine.connect() as conn:
        title = conn.execute(text("SELECT title FROM campaign WHERE public_slug = :s"), {"s": slug}).scalar()
    if title is None:
        raise HTTPException(404)
    return HTMLResponse(PAGE.render(title=title, lines=SIZES[size]))


@app.get("/k/{slug}")
def landing(slug: str) -> HTMLResponse:
    return _page(slug, "landing")


@app.get("/k/{slug}/tema/{n}")
def theme(slug: str, n: int) -> HTMLResponse:
    return _page(slug, "theme")
