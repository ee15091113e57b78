"""Every resident page, first load, HTML + CSS + JS gzipped, stays within 12 KB in every language."""

import gzip
import re

import pytest

from tests.helpers import page_weight
from tests.resident_support import LANGS, Resident, open_campaign, survey

pytestmark = pytest.mark.any_database  # what it checks does not depend on the database

BUDGET = 12 * 1024


def _weight_of_error_page(client, url: str, status: int) -> int:
    page = client.get(url)
    assert page.status_code == status
    total = len(gzip.compress(page.content, 6))
    for ref in re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', page.text):
        total += len(gzip.compress(client.get(ref).content, 6))
    return total


@pytest.mark.parametrize("lang", LANGS)
def test_every_resident_page_is_within_budget(client, session, lang):
    open_campaign(session)
    r = Resident(client, lang=lang)
    weights = {"landing": page_weight(client, f"/k/demo?lang={lang}")}
    r.start()
    r.answer(1, score="3", good="Noe som er bra " * 20, better="Noe som kan bli bedre " * 20, go="stay")
    weights["landing with a draft"] = page_weight(client, f"/k/demo?lang={lang}")
    for n in range(1, len(survey().themes) + 1):
        weights[f"theme {n}"] = page_weight(client, f"/k/demo/tema/{n}?lang={lang}")
    weights["profile"] = page_weight(client, f"/k/demo/om-deg?lang={lang}")
    r.profile()
    weights["thank you"] = page_weight(client, f"/k/demo/takk?lang={lang}")
    gone = f"/k/demo/fortsett/{'x' * 40}?lang={lang}"
    weights["resume link gone"] = _weight_of_error_page(client, gone, 404)
    over = {k: v for k, v in weights.items() if v > BUDGET}
    assert over == {}
    assert max(weights.values()) > 1000  # the measure counts real bytes


def test_a_page_showing_errors_is_within_budget(client, session):
    open_campaign(session)
    r = Resident(client, lang="ar")
    r.start()
    page = r.answer(1, score="99", good="x" * 4001, better="y" * 4001)
    assert page.status_code == 400
    size = len(gzip.compress(page.content, 6))
    for ref in re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', page.text):
        size += len(gzip.compress(client.get(ref).content, 6))
    assert size <= BUDGET


def test_resident_pages_load_no_htmx_and_no_third_party_files(client, session):
    open_campaign(session)
    r = Resident(client)
    r.start()
    for path in ("", "/tema/1", "/om-deg"):
        text = r.get(path).text
        assert "htmx" not in text
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text)
        refs = re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"', text)
        assert refs and all(re.match(r"^/static/(css|js)/\w+\.[0-9a-f]{10}\.(css|js)$", ref) for ref in refs)
    src = re.search(r'src="(/static/js/resident\.[0-9a-f]+\.js)"', r.get("/tema/1").text).group(1)
    script = client.get(src)
    assert "immutable" in script.headers["cache-control"]
    assert len(gzip.compress(script.content, 6)) < 2048


def test_pages_are_sent_compressed(client, session):
    open_campaign(session)
    page = client.get("/k/demo", headers={"accept-encoding": "gzip"})
    assert page.headers.get("content-encoding") == "gzip"
