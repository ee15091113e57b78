"""The resident's survey on real phones (headless Chromium at 320, 360 and 412 px, six languages):
the scale and Next above the fold, no sideways scroll with long words, Enter goes forward, a
visible choice, and nothing lost on a language switch (offline too) or a lost cookie."""

import re

import pytest
from sqlmodel import select

from app.models.drafts import Draft
from tests.browser.conftest import shared_page
from tests.resident_support import LANGS, draft_of, open_campaign, survey

pytestmark = pytest.mark.browser
WIDTHS = (320, 360, 412)
FOLD = 640
LONG = "Sjøkantpromenadeforskjønnelsesprosjektet"  # 40 characters, no place to break
assert len(LONG) == 40


@pytest.fixture
def campaign(session):
    return open_campaign(session, areas=(("sentrum", "Sentrum"), ("nord", f"Nord {LONG}")),
                         settings={"profile": ["age_band"]}).slug


def _start(page, base, area="sentrum", lang="nb"):
    page.goto(f"{base}/k/demo?lang={lang}")
    page.check(f"input[name=area][value={area}]")
    page.click("form button[type=submit]")
    page.wait_for_url("**/k/demo/tema/1")


def _longest_theme(lang: str) -> int:
    """The theme whose name and question take the most room in a language (the hardest to fit)."""
    themes = survey().themes
    return 1 + max(range(len(themes)),
                   key=lambda i: len(themes[i].name[lang]) + len(themes[i].question[lang]))


def test_the_scale_and_next_fit_the_first_screen_at_every_width_in_every_language(
        page, live_server, campaign):
    misses = []
    for width in WIDTHS:
        page.context.clear_cookies()  # a new resident at each width: a draft of its own
        page.set_viewport_size({"width": width, "height": FOLD})
        _start(page, live_server, area="nord")
        for n in {_longest_theme(lang) for lang in LANGS}:  # the long word in the comments shown
            page.goto(f"{live_server}/k/demo/tema/{n}")
            page.fill("#f-good", LONG + " " + LONG)
            page.click("button[value=next] >> nth=0")
            page.wait_for_url(f"**/tema/{n + 1}" if n < len(survey().themes) else "**/om-deg")
        for lang in LANGS:
            for n in (_longest_theme(lang),):
                page.goto(f"{live_server}/k/demo/tema/{n}?lang={lang}")
                boxes = page.evaluate("""() => {
                  const r = s => document.querySelector(s).getBoundingClientRect();
                  const points = [...document.querySelectorAll('.scale:not(.other) label')]
                    .map(l => l.getBoundingClientRect());
                  return {scale: r('.scale'), other: r('.scale.other'), next: r('button[value=next]'),
                          ends: r('.ends'), h1: r('h1'), progress: r('progress'),
                          rows: new Set(points.map(p => Math.round(p.top))).size, points: points.length,
                          narrowest: Math.min(...points.map(p => p.width)),
                          wide: document.documentElement.scrollWidth};
                }""")
                where = (width, lang, n)
                for name in ("scale", "other", "next", "ends", "h1", "progress"):
                    if boxes[name]["bottom"] > FOLD:
                        misses.append((*where, name, round(boxes[name]["bottom"])))
                if boxes["rows"] != 1 or boxes["points"] != 7:
                    misses.append((*where, "scale rows", boxes["rows"]))
                if boxes["narrowest"] < 44:
                    misses.append((*where, "scale point narrower than 44 px", boxes["narrowest"]))
                if boxes["wide"] > width:
                    misses.append((*where, "scrolls sideways", boxes["wide"]))
        # the landing page (area names) and the profile page, with the 40-character word
        for path in ("", "/om-deg"):
            for lang in LANGS:
                page.goto(f"{live_server}/k/demo{path}?lang={lang}")
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    misses.append((width, lang, path, "scrolls sideways", wide))
    assert misses == []


@pytest.mark.parametrize("javascript", [False, True])
def test_enter_goes_forward_and_the_choice_shows(request, live_server, session, campaign, javascript):
    page = shared_page(request, javascript)
    _start(page, live_server)
    label = page.locator(".scale label:has(input[value='5']) span")
    before = label.evaluate("e => getComputedStyle(e).backgroundColor")
    page.check("input[name=score][value='5']")
    after = label.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before != after  # a chosen point is filled in, without JavaScript
    page.focus("input[name=score][value='5']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/k/demo/tema/2")
    assert draft_of(session).answers[survey().theme_slugs[0]]["score"] == 5
    # on the profile screen Enter sends
    page.goto(f"{live_server}/k/demo/om-deg")
    assert page.locator("fieldset").count() == 1  # only the question the campaign chose
    page.focus("input[name=age_band] >> nth=0")
    page.keyboard.press("Enter")
    page.wait_for_url("**/k/demo/takk")


def test_an_offline_language_switch_keeps_the_screen_and_sends_it_when_back(
        page, live_server, session, campaign):
    context = page.context
    _start(page, live_server)
    page.check("input[name=score][value='3']")
    page.fill("#f-better", "Flere benker")
    context.set_offline(True)
    page.click("button[value='lang:uk']")
    page.locator("#net").wait_for(state="visible")
    assert page.url.endswith("/k/demo/tema/1") and page.locator("html").get_attribute("lang") == "nb"
    assert page.is_checked("input[name=score][value='3']") and page.input_value("#f-better") == "Flere benker"
    context.set_offline(False)  # the script sends the switch again once the phone is online
    page.wait_for_url(re.compile(r".*/k/demo/tema/1\?lang=uk$"))
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.is_checked("input[name=score][value='3']") and page.input_value("#f-better") == "Flere benker"
    assert draft_of(session).answers[survey().theme_slugs[0]]["better"] == "Flere benker"


def test_without_javascript_a_language_switch_saves_the_screen_first(
        page_nojs, live_server, session, campaign):
    page = page_nojs
    _start(page, live_server)
    page.check("input[name=score][value='skip']")
    page.fill("#f-good", "Skrevet før bytte")
    page.click("button[value='lang:ar']")
    page.wait_for_url(re.compile(r".*/k/demo/tema/1\?lang=ar$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.is_checked("input[name=score][value='skip']")
    assert page.input_value("#f-good") == "Skrevet før bytte"
    # the resume link carries the language
    assert page.get_attribute("#resume-link", "href").endswith("?lang=ar")


@pytest.mark.parametrize("javascript", [False, True])
def test_a_lost_cookie_keeps_the_screen_and_says_how_to_go_on(
        request, live_server, session, campaign, javascript):
    page = shared_page(request, javascript)
    context = page.context
    _start(page, live_server, area="nord", lang="uk")
    page.click("button[value=next] >> nth=0")
    page.wait_for_url("**/tema/2")
    page.check("input[name=score][value='6']")
    page.fill("#f-good", "Гарний парк")
    context.clear_cookies()  # the browser dropped every cookie: the draft's and the form's
    page.click("button[value=next] >> nth=0")
    page.locator(".error-summary").wait_for()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").inner_text() == survey().themes[1].name["uk"]  # the screen, not an error page
    assert "посилання" in page.locator(".error-summary").inner_text()  # open the resume link, or press on
    assert page.is_checked("input[name=score][value='6']") and page.input_value("#f-good") == "Гарний парк"
    page.click("button[value=next] >> nth=0")
    page.wait_for_url("**/tema/3")
    session.rollback()
    kept = [d for d in session.exec(select(Draft)).all() if survey().theme_slugs[1] in d.answers]
    assert len(kept) == 1 and kept[0].area == "nord"
    assert kept[0].answers[survey().theme_slugs[1]] == {"score": 6, "good": "Гарний парк", "better": ""}


def test_area_from_a_poster_is_preselected_and_shown(page_nojs, live_server, session, campaign):
    page = page_nojs
    page.goto(f"{live_server}/k/demo?area=nord&lang=en")
    assert page.is_checked("input[name=area][value=nord]")
    assert LONG in page.locator("#poster-area").inner_text()
    page.click("form button[type=submit]")
    page.wait_for_url("**/tema/1")
    assert draft_of(session).area == "nord"
