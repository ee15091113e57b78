"""Every idea board page renders in every language; the phone pages stay within 12 KB gzipped
and carry no script; ideas keep the language they were written in."""

import pytest

from app.config import get_settings
from tests.helpers import page_weight
from tests.ideas_support import (
    new_phone,
    new_uuid,
    open_board,
    phone_post,
    post_idea,
    seed_results,
    staff_client,
)

LANGS = ["nb", "nn", "en", "se", "uk", "ar"]


@pytest.fixture
def busy_board(session):
    """A board from the results with ten ideas, supports and a comment thread."""
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    open_board(staff, campaign, room=False)
    phone, neighbour = new_phone(), new_phone()
    urls = [
        post_idea(
            phone if k < 6 else neighbour,
            "bylab",
            lang=lang,
            title=f"Idé nummer {k} om benker og lys langs elva",
            description="Flere benker og bedre lys, så flere tør å gå tur om kvelden. " * 3,
        )
        .headers["location"]
        .split("?")[0]
        for k, lang in enumerate(LANGS * 2)
    ]
    for url in urls[:4]:
        phone_post(phone, f"{url}/support", url)
    for k in range(3):
        phone_post(phone, f"{urls[0]}/comments", urls[0], {"id": new_uuid(), "body": f"Godt forslag {k}!"})
    return staff, urls


def test_phone_pages_within_budget_without_scripts(client, busy_board):
    _staff, urls = busy_board
    for lang in LANGS:
        for path in ("/b/bylab", "/b/bylab/new", urls[0]):
            weight = page_weight(client, f"{path}?lang={lang}")
            print(f"weight {lang} {path.rsplit('/', 1)[-1][:8]}: {weight} bytes")
            assert weight <= 12 * 1024, (path, lang, weight)
            assert "<script" not in client.get(f"{path}?lang={lang}").text


def test_every_page_renders_in_every_language(busy_board):
    staff, urls = busy_board
    phone = new_phone()
    for lang, (client, path) in (
        (lang, page)
        for lang in LANGS
        for page in (
            (phone, "/b/bylab"),
            (phone, "/b/bylab/new"),
            (phone, urls[0]),
            (phone, "/b/bylab/screen"),
            (phone, "/b/bylab/screen/live"),
            (staff, "/staff/boards"),
            (staff, "/staff/boards/bylab"),
        )
    ):
        r = client.get(f"{path}?lang={lang}")
        assert r.status_code == 200, path
        if "live" not in path:
            assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in r.text


def test_ideas_keep_the_language_they_were_written_in(busy_board):
    _staff, urls = busy_board
    board = new_phone().get("/b/bylab?lang=nb").text
    assert '<h3 lang="ar" dir="rtl"><a href' in board and '<h3 lang="uk" dir="ltr"><a href' in board
    page = new_phone().get(f"{urls[5]}?lang=en").text  # the sixth idea was written in Arabic
    assert '<html lang="en" dir="ltr">' in page and '<h1 lang="ar" dir="rtl">' in page


def test_projector_names_the_board_address_and_loads_only_its_small_script(busy_board):
    _staff, _urls = busy_board
    page = new_phone().get("/b/bylab/screen?lang=en")
    assert f"{get_settings().base_url}/b/bylab" in page.text and "<svg" in page.text
    scripts = [s for s in page.text.split("<script")[1:]]
    assert len(scripts) == 1 and "ideas-screen." in scripts[0]
    live = new_phone().get("/b/bylab/screen/live?lang=en")
    assert (
        live.headers["cache-control"] == "no-store"
        and "Ideas: 12" in live.text
        and "Supports: 4" in live.text
    )
