"""The shared pages in a real browser: front page, login and errors, with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nb", "nn", "en", "se", "uk", "ar"])
def test_front_page_is_accessible_in_every_language(page, live_server, lang):
    page.goto(f"{live_server}/?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert axe_violations(page) == []


def test_login_page_and_a_wrong_password(page, live_server):
    page.goto(f"{live_server}/staff/login")
    assert axe_violations(page) == []
    page.fill("#username", "nobody")
    page.fill("#password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_be_visible()
    assert page.input_value("#username") == "nobody"
    assert axe_violations(page) == []


def test_not_found_page_is_html(page, live_server):
    response = page.goto(f"{live_server}/no/such/page")
    assert response.status == 404
    assert axe_violations(page) == []
