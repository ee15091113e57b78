"""What every page shares: a favicon at /favicon.ico, a meta description, a translated 404 page."""

import pytest

from app.i18n import LANGUAGES
from tests.resident_support import LANGS


def test_the_favicon_is_served_small_and_cached(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00" and len(icon.content) < 1024
    assert "max-age" in icon.headers["cache-control"]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_describe_themselves_and_not_found_speaks_the_language(client, lang):
    home = client.get(f"/?lang={lang}").text
    assert '<meta name="description" content="Medvirk' in home
    missing = client.get(f"/finnes-ikke?lang={lang}")
    assert missing.status_code == 404 and f'<html lang="{LANGUAGES[lang].tag}"' in missing.text
    english = ("Not Found", "Page not found", "Go to the front page")
    assert lang == "en" or not any(text in missing.text for text in english)
    assert '<meta name="description"' in missing.text


def test_the_theme_count_takes_the_languages_plural_form(client, session):
    from tests.resident_support import open_campaign

    open_campaign(session)
    for lang, text in (("en", "14 themes,"), ("nb", "14 temaer,"), ("uk", "14 тем,"), ("ar", "14 موضوعًا")):
        assert text in client.get(f"/k/demo?lang={lang}").text, lang
