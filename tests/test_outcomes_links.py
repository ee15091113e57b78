"""The follow-up pages are found: the front page links closed campaigns' pages, drafts never."""

from app.models import Campaign
from tests.resident_support import open_campaign


def test_the_front_page_lists_open_surveys_and_what_came_of_closed_ones(client, session):
    open_campaign(session, slug="aapen")
    closed = open_campaign(session, slug="ferdig", status="closed")
    draft = open_campaign(session, slug="utkast", status="draft")
    page = client.get("/").text
    assert 'href="/k/aapen"' in page and 'href="/oppfolging/aapen"' not in page
    assert 'href="/oppfolging/ferdig"' in page and 'href="/k/ferdig"' not in page
    assert "utkast" not in page and draft.public_slug is None
    assert client.get("/oppfolging/ferdig").status_code == 200  # the link leads somewhere
    for lang in ("en", "ar"):
        assert 'href="/oppfolging/ferdig"' in client.get(f"/?lang={lang}").text
    closed.archived_at = closed.created_at  # archived: out of the lists, its address still answers
    session.add(closed)
    session.commit()
    assert 'href="/oppfolging/ferdig"' not in client.get("/").text
    assert session.get(Campaign, closed.id) is not None
