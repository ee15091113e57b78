"""Public results on real phones (headless Chromium at 320, 360 and 412 px, every language): no
sideways scroll with a 40-character word, compass labels of at least 12 px, the table stacked per
area, numbers in the reader's locale, and the Arabic compass's labels clear of the plot and legend."""

import re

import pytest
from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.db import get_engine
from app.models import Answer
from app.results import comments
from app.results.disclosure import cut
from tests.browser.conftest import new_context
from tests.resident_support import LANGS
from tests.results_helpers import add

pytestmark = pytest.mark.browser
LONG = "Sjøkantpromenadeforskjønnelsesprosjektet"  # 40 characters, no place to break
COMMA = {"nb", "nn", "se", "uk", "lettlest", "pl", "lt"}  # Babel writes these with a decimal comma


@pytest.fixture
def results():
    with Session(get_engine()) as s:
        org = get_or_create_organisation(s, "testby", "Testby")
        user = create_user(s, "admin-phone", "admin", org, password="correct horse battery")
        data = CampaignIn(slug="phres", title=f"Stedskompasset {LONG}", survey="stedskompasset",
                          status="open", results_public=True,
                          areas=[AreaIn(slug="sentrum", name=f"Sentrum {LONG}"),
                                 AreaIn(slug="nord", name="Nord")])
        c = create_campaign(s, data, user)
        s.commit()
        first = ""
        for i in range(6):
            rid = add(s, c, user, 2 + i % 3, area="sentrum", good=f"{LONG}{LONG}")
            first = first or rid
            add(s, c, user, 5 + i % 2, area="nord")
        theme = s.exec(select(Answer.theme).where(Answer.response_id == first)).first()
        comments.review(s, c, first, theme, "good", "approved", user)
        assert cut(s, c) is not None
        s.commit()
        return "phres"


SIZES = """() => {
  const px = e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a;
  const shown = s => [...document.querySelectorAll(s)].filter(e => getComputedStyle(e).display !== 'none');
  return {wide: document.documentElement.scrollWidth,
          nums: shown('.compass text.num').map(px), names: shown('.compass text.name').length,
          legend: shown('.compass .legend text').map(px),
          areas: shown('.per-area section').length, table: shown('.table-wrap').length,
          figures: document.querySelector('.per-area').innerText};
}"""


def test_public_results_read_on_phones_in_every_language(page, live_server, results):
    misses = []
    for width in (320, 360, 412):
        page.set_viewport_size({"width": width, "height": 740})
        for lang in LANGS:
            page.goto(f"{live_server}/r/{results}?lang={lang}")
            got = page.evaluate(SIZES)
            where = (width, lang)
            if got["wide"] > width:
                misses.append((*where, "scrolls sideways", got["wide"]))
            if len(got["nums"]) != 14 or min(got["nums"]) < 12 or got["names"]:
                misses.append((*where, "compass theme labels", got["nums"], got["names"]))
            if len(got["legend"]) != 2 or min(got["legend"]) < 12:
                misses.append((*where, "compass legend", got["legend"]))
            if got["areas"] != 2 or got["table"]:
                misses.append((*where, "table not stacked per area"))
            decimal = r"\d,\d" if lang in COMMA else r"\d\.\d"
            other = r"\d\.\d" if lang in COMMA else r"\d,\d"
            if not re.search(decimal, got["figures"]) or re.search(other, got["figures"]):
                misses.append((*where, "numbers not in the locale", got["figures"][:80]))
    assert misses == []


OVERLAPS = """() => {
  const svg = document.querySelector('.compass svg');
  const c = svg.querySelector('g line');
  const m = c.getScreenCTM();
  const at = (x, y) => ({x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f});
  const centre = at(+c.getAttribute('x1'), +c.getAttribute('y1'));
  const rim = at(+c.getAttribute('x2'), +c.getAttribute('y2'));
  const radius = Math.hypot(rim.x - centre.x, rim.y - centre.y);
  const shown = s => [...svg.querySelectorAll(s)].filter(e => getComputedStyle(e).display !== 'none');
  const labels = shown('text.name, text.num').map(e => e.getBoundingClientRect());
  const legend = shown('.legend').map(e => e.getBoundingClientRect());
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const inPlot = r => Math.hypot(Math.max(r.left - centre.x, 0, centre.x - r.right),
                                 Math.max(r.top - centre.y, 0, centre.y - r.bottom)) < radius - 1;
  return {count: labels.length, plot: labels.filter(inPlot).length,
          legend: labels.filter(r => legend.some(l => hit(r, l))).length,
          each: labels.filter((r, i) => labels.some((o, j) => j > i && hit(r, o))).length};
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_the_arabic_compass_keeps_its_labels_off_the_plot_and_the_legend(
        page, live_server, results, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/r/{results}?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    got = page.evaluate(OVERLAPS)
    assert got == {"count": 14, "plot": 0, "legend": 0, "each": 0}


def test_projector_compass_labels_are_big_enough_for_the_back_of_the_room(
        browser, live_server, session):
    from tests.browser.test_workshops_pages import PROJECTOR, _login, _prepared

    workshop, username = _prepared(session)
    context = new_context(browser, viewport=PROJECTOR, locale="nb-NO")
    page = _login(context, live_server, username)
    sizes = []
    for n in range(1, 4):
        page.goto(f"{live_server}/staff/workshops/{workshop.id}/slides/{n}")
        sizes += page.evaluate("""() => [
            ...document.querySelectorAll('.compass text.name, .compass .legend text')]
            .filter(e => getComputedStyle(e).display !== 'none').map(e => {
              const r = e.getBoundingClientRect();
              return {px: parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a,
                      inside: r.left >= 0 && r.right <= innerWidth};
            })""")
    context.close()
    assert len(sizes) >= 14
    assert min(s["px"] for s in sizes) >= 24 and all(s["inside"] for s in sizes), sizes
