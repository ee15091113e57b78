"""axe-core on every resident page in every shipped language, on a 360 px phone."""

import pytest

from app.i18n import LANGUAGES
from tests.browser.conftest import axe_violations
from tests.resident_support import LANGS, open_campaign

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
def test_every_resident_page_passes_axe(page, live_server, session, lang):
    open_campaign(session)
    open_campaign(session, slug="stengt", status="closed")
    found = {}

    def check(name: str) -> None:
        assert page.locator("html").get_attribute("lang") == LANGUAGES[lang].tag
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        found[name] = axe_violations(page)

    page.goto(f"{live_server}/k/demo?lang={lang}")
    check("landing")
    page.check("#f-area")
    page.click("form button[type=submit]")
    page.wait_for_url("**/k/demo/tema/1")
    check("theme 1")
    page.fill("#f-good", "x" * 4001)
    page.click("button[value=next]")
    page.wait_for_selector("#e-good")
    check("theme with an error")
    page.fill("#f-good", "Fint")
    page.click("button[value=next]")
    page.wait_for_url("**/k/demo/tema/2")
    page.goto(f"{live_server}/k/demo/tema/14")
    check("theme 14")
    page.goto(f"{live_server}/k/demo")
    check("landing with a draft")
    page.goto(f"{live_server}/k/demo/om-deg")
    check("profile")
    page.click("button[value=send]")
    page.wait_for_url("**/k/demo/takk")
    check("thank you")
    page.goto(f"{live_server}/k/demo/fortsett/{'x' * 40}")
    check("resume link gone")
    page.goto(f"{live_server}/k/stengt")
    check("closed survey")
    assert {k: v for k, v in found.items() if v} == {}
    assert len(found) == 9
