"""A new resident on a 360 px phone in real Chromium: the whole survey with JavaScript off and on,
in Bokmål and Arabic, a cut connection, a resume link, a double tap, the language switch, 320 px."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from app.models import Answer, ProfileAnswer
from tests.browser.conftest import axe_violations, new_context, shared_page
from tests.resident_support import answers_of, draft_of, open_campaign, responses, survey

pytestmark = pytest.mark.browser
TOTAL = 14


@pytest.fixture
def campaign(session):
    return open_campaign(session)


def _start(page, live_server, lang="nb"):
    page.goto(f"{live_server}/k/demo?lang={lang}")
    page.check("#f-area")
    page.click("form button[type=submit]")
    page.wait_for_url("**/k/demo/tema/1")


def _answer(page, n, score, good="", go="next"):
    page.check(f"input[name=score][value='{score}']")
    if good:
        page.fill("#f-good", good)
    page.click(f"button[value={go}] >> nth=0")


@pytest.mark.parametrize("lang, javascript", [("nb", False), ("nb", True), ("ar", False), ("ar", True)])
def test_the_demo_survey_answered_to_the_end(request, live_server, session, campaign, lang, javascript):
    page = shared_page(request, javascript)
    # Themes 2 to 13 in Arabic are audited here; the landing page, themes 1 and 14, the profile and
    # the thank-you page in every language (Arabic too) in test_resident_axe.
    audit = javascript and lang == "ar"
    problems = {}
    page.goto(f"{live_server}/k/demo?lang={lang}")
    expect(page.locator(".demo")).to_be_visible()
    page.check("#f-area")
    page.click("form button[type=submit]")
    for n in range(1, TOTAL + 1):
        page.wait_for_url(f"**/k/demo/tema/{n}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        expect(page.locator(".demo")).to_be_visible()
        assert survey().themes[n - 1].name[lang] in page.locator("h1").inner_text()
        assert f"{n}" in page.locator(".progress").inner_text()
        if audit and 1 < n < TOTAL:
            problems[f"theme {n}"] = axe_violations(page)
        _answer(page, n, "dk" if n == 3 else str(n % 7 + 1), good=f"<b>svar {n}</b>" if n % 4 == 0 else "")
    page.wait_for_url("**/k/demo/om-deg")
    page.check("input[name=age_band][value='67-79']")
    page.check("input[name=home_language][value=prefer_not_to_say]")
    page.click("button[value=send]")
    page.wait_for_url("**/k/demo/takk")
    expect(page.locator("a[href='/r/demo']")).to_be_visible()
    assert {k: v for k, v in problems.items() if v} == {}
    assert len(problems) == (TOTAL - 2 if audit else 0)
    (stored,) = responses(session)
    assert stored.locale == lang
    answers = answers_of(session, stored.id)
    assert len(answers) == TOTAL and answers["moving_around"].score == 2
    assert answers[survey().theme_slugs[2]].score is None
    assert answers[survey().theme_slugs[3]].good == "<b>svar 4</b>"
    assert {p.question: p.value for p in session.exec(select(ProfileAnswer))} == {
        "age_band": "67-79", "home_language": "prefer_not_to_say"}


def test_arabic_is_laid_out_right_to_left(page, live_server, campaign):
    _start(page, live_server, "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    back = page.locator("button[value=back]").bounding_box()
    nxt = page.locator("button[value=next] >> nth=0").bounding_box()
    assert nxt["x"] < back["x"]  # "next" sits on the left, where an Arabic reader goes on
    one, seven = (page.locator(f".scale label:has(input[value='{v}'])").bounding_box() for v in (1, 7))
    assert one["y"] < seven["y"] or one["x"] > seven["x"]


def test_with_javascript_a_cut_connection_keeps_the_screen_in_hand(page, live_server, session, campaign):
    context = page.context
    _start(page, live_server)
    _answer(page, 1, "4")
    page.wait_for_url("**/tema/2")
    page.check("input[name=score][value='6']")
    page.fill("#f-better", "Mer lys på stien")
    context.set_offline(True)
    page.click("button[value=next] >> nth=0")
    page.locator("#net").wait_for(state="visible")
    assert page.url.endswith("/k/demo/tema/2")
    assert page.input_value("#f-better") == "Mer lys på stien"
    assert page.is_checked("input[name=score][value='6']")
    # Back online, the script sends the screen again by itself (a second tap while it does so could
    # land on the next screen and send that one too, which made this test fail now and then).
    context.set_offline(False)
    page.wait_for_url("**/tema/3")
    saved = draft_of(session).answers["public_transport"]
    assert saved == {"score": 6, "good": "", "better": "Mer lys på stien"}


def test_without_javascript_a_cut_connection_loses_at_most_that_screen(
        browser, page_nojs, live_server, session, campaign):
    page, context = page_nojs, page_nojs.context
    _start(page, live_server)
    for n in (1, 2, 3):
        _answer(page, n, str(n), good=f"svar {n}")
        page.wait_for_url(f"**/tema/{n + 1}")
    link = page.get_attribute("#resume-link", "href")
    page.check("input[name=score][value='7']")
    context.set_offline(True)
    page.click("button[value=next] >> nth=0")
    page.wait_for_load_state()
    context.set_offline(False)
    # the same phone, later: the cookie brings it back to the screen it was on
    page.goto(f"{live_server}/k/demo")
    page.click(".notice a")
    page.wait_for_url("**/k/demo/tema/4")
    # another phone, with the resume link
    other = new_context(browser, javascript=False)
    phone = other.new_page()
    phone.goto(f"{live_server}{link}")
    phone.wait_for_url("**/k/demo/tema/4?lang=nb")  # the resume link keeps the language
    for n in (1, 2, 3):
        phone.goto(f"{live_server}/k/demo/tema/{n}")
        assert phone.is_checked(f"input[name=score][value='{n}']")
        assert phone.input_value("#f-good") == f"svar {n}"
    other.close()
    assert len(draft_of(session).answers) == 3 and responses(session) == []


@pytest.mark.parametrize("javascript", [False, True])
def test_a_double_tap_on_send_stores_one_response(request, live_server, session, campaign, javascript):
    page = shared_page(request, javascript)
    _start(page, live_server)
    _answer(page, 1, "5")
    page.wait_for_url("**/tema/2")
    page.goto(f"{live_server}/k/demo/om-deg")
    page.dblclick("button[value=send]")
    page.wait_for_url("**/k/demo/takk")
    page.go_back()
    if page.url.endswith("/om-deg"):
        page.click("button[value=send]")  # a resend from the back button
        page.wait_for_url("**/k/demo/takk")
    (stored,) = responses(session)
    assert len(session.exec(select(Answer).where(Answer.response_id == stored.id)).all()) == 1


def test_with_javascript_the_language_switch_keeps_what_was_typed(page, live_server, session, campaign):
    _start(page, live_server)
    page.check("input[name=score][value='3']")
    page.fill("#f-good", "Skrevet før språkbytte")
    page.click("button[value='lang:ar']")
    page.wait_for_url(re.compile(r".*/k/demo/tema/1\?lang=ar$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.is_checked("input[name=score][value='3']")
    assert page.input_value("#f-good") == "Skrevet før språkbytte"
    assert survey().themes[0].question["ar"] in page.locator("legend").inner_text()


def test_without_javascript_the_language_switch_keeps_the_place_and_saved_answers(
        page_nojs, live_server, campaign):
    page = page_nojs
    _start(page, live_server)
    _answer(page, 1, "2", good="Lagret")
    page.wait_for_url("**/tema/2")
    page.click("button[value=back]")
    page.wait_for_url("**/tema/1")
    page.click("button[value='lang:uk']")
    page.wait_for_url("**/tema/1?lang=uk")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.is_checked("input[name=score][value='2']") and page.input_value("#f-good") == "Lagret"


def test_usable_at_320_px_with_44_px_targets(page, live_server, campaign):
    page.set_viewport_size({"width": 320, "height": 640})
    for lang in ("nb", "ar"):
        page.goto(f"{live_server}/k/demo?lang={lang}")
        if lang == "nb":
            page.check("#f-area")
            page.click("form button[type=submit]")
            page.wait_for_url("**/tema/1")
        for path in ("", "/tema/1", "/tema/9", "/om-deg"):
            page.goto(f"{live_server}/k/demo{path}?lang={lang}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, (lang, path)
            small = page.evaluate("""() => [...document.querySelectorAll(
                'main button, .scale label, .choice label, .langs summary, .langjump, main input[type=text]')]
                .map(e => e.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44).length""")
            assert small == 0, (lang, path)


def test_focus_is_visible(page, live_server, campaign):
    _start(page, live_server)
    page.focus("button[value=next] >> nth=0")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
