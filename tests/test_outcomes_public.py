"""«Hva skjedde med innspillene?»: the public follow-up page and its Atom feed, in every language,
within the budget, without internal notes or unpublished outcomes, and nothing for a draft."""

import re
from xml.etree import ElementTree as ET

import pytest
from sqlmodel import select

from app.i18n import LANGUAGES
from app.models import Campaign
from tests.helpers import page_weight
from tests.outcomes_support import SECRET, two_rounds

ATOM = "{http://www.w3.org/2005/Atom}"
BUDGET = 12 * 1024


@pytest.fixture
def rounds(session):  # type: ignore[no-untyped-def]
    return two_rounds(session)


def test_the_page_shows_heard_decided_and_next_in_every_language(client, rounds):
    url = "/oppfolging/sentrum-2027"
    seen = set()
    for lang in LANGUAGES:
        page = client.get(f"{url}?lang={lang}")
        assert page.status_code == 200
        html = page.text
        assert f'lang="{LANGUAGES[lang].tag}"' in html and "Tryggere skolevei i Sentrum" in html
        assert "2027/481" in html and 'href="https://kommune.no/sak/2027-481"' in html
        assert "Benker langs elva" in html and "Nattbuss i helgene" in html  # the two ideas it came from
        assert SECRET not in html and "Ikke offentlig tiltak" not in html
        assert "<script" not in html  # nothing needs JavaScript
        h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)  # type: ignore[union-attr]
        seen.add(h1)
        assert page_weight(client, f"{url}?lang={lang}") <= BUDGET
    assert len(seen) == len(LANGUAGES)  # the heading is translated in each


def test_the_next_round_shows_the_change_beside_the_outcome(client, rounds):
    html = client.get("/oppfolging/sentrum-2027?lang=en").text
    assert "Change since the last round" in html
    assert re.search(r"<td>\+\d\.\d</td>", html)  # the low theme moved up in round 2
    row = re.search(r"<tr><th scope=\"row\">Moving around</th>.*?</tr>", html, re.S)
    assert row and "+" in row.group(0) and "Tryggere skolevei i Sentrum" in row.group(0)  # beside its outcome
    assert "Previous round" in html  # the compass lays the rounds over each other
    older = client.get("/oppfolging/sentrum-2025?lang=en").text
    assert 'href="/oppfolging/sentrum-2027"' in older  # a closed round links on to the next one


def test_the_area_page_and_unknown_or_draft_addresses(client, session, rounds):
    assert "Tryggere skolevei i Sentrum" in client.get("/oppfolging/sentrum-2027/sentrum").text
    assert client.get("/oppfolging/sentrum-2027/nowhere").status_code == 404
    assert client.get("/oppfolging/no-such-campaign").status_code == 404
    campaign = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()
    campaign.status = "draft"
    session.add(campaign)
    session.commit()
    draft, unknown = client.get("/oppfolging/sentrum-2027"), client.get("/oppfolging/never-was")
    assert draft.status_code == unknown.status_code == 404
    assert client.get("/oppfolging/sentrum-2027/feed.atom").status_code == 404


def test_figures_and_quotes_only_when_results_are_published(client, session, rounds):
    campaign = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()
    campaign.results_public = False
    session.add(campaign)
    session.commit()
    html = client.get("/oppfolging/sentrum-2027?lang=en").text
    assert "The figures from this survey are not published." in html
    assert "Bredere fortau" not in html and "<svg" not in html
    assert "Tryggere skolevei i Sentrum" in html  # the decision itself is still public


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_atom_feed_is_valid_and_carries_each_status_change(client, rounds, lang):
    r = client.get(f"/oppfolging/sentrum-2027/feed.atom?lang={lang}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(entries) == 2 and all(t and t.startswith("Tryggere skolevei i Sentrum: ") for t in titles)
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2
    for e in entries:
        for name in ("id", "title", "updated", "link"):
            assert e.find(f"{ATOM}{name}") is not None, name
    assert SECRET.encode() not in r.content and b"Ikke offentlig tiltak" not in r.content
    assert "2027/481" in (entries[0].findtext(f"{ATOM}summary") or "")


def test_an_idea_status_shows_publicly_until_the_idea_is_hidden(client, session, rounds):
    from app.db import unit_of_work
    from app.ideas import service as ideas
    from app.models import Idea

    idea_id, staff_id = rounds.second.ideas[2].id, rounds.second.user.id
    session.rollback()
    with unit_of_work() as uow:
        idea = uow.get(Idea, idea_id)
        ideas.set_status(uow, idea, "in_progress", "Dugnad i mai", "residents", "", staff_id)  # type: ignore[arg-type]
    html = client.get("/oppfolging/sentrum-2027?lang=en").text
    assert "Dugnad i parken" in html and "Dugnad i mai" in html
    with unit_of_work() as uow:
        ideas.moderate(uow, uow.get(Idea, idea_id), "hide", "Personopplysninger", staff_id)  # type: ignore[arg-type]
    assert "Dugnad i parken" not in client.get("/oppfolging/sentrum-2027?lang=en").text
    assert b"Dugnad i parken" not in client.get("/oppfolging/sentrum-2027/feed.atom").content
