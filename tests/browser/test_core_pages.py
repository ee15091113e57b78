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


BROKEN = ('<!doctype html><html lang="nb"><head><title>Brutt</title></head><body><main><h1>Brutt</h1>'
          '<p style="color:#bbb;background:#fff">Grå tekst på hvitt</p><img src="data:,">'
          '<input id="x"></main></body></html>')


def test_the_axe_check_finds_what_is_wrong_on_the_app_origin_and_elsewhere(page, live_server):
    """axe_violations itself can fail: on a page of the app's origin (axe loaded from there) and on
    a page of no origin (axe sent through Playwright), low contrast, an image without alternative
    text and an unlabelled field are all reported."""
    page.route(f"{live_server}/brutt", lambda route: route.fulfill(body=BROKEN, content_type="text/html"))
    page.goto(f"{live_server}/brutt")
    on_origin = {line.split(":")[0] for line in axe_violations(page)}
    page.goto("about:blank")
    page.set_content(BROKEN)
    elsewhere = {line.split(":")[0] for line in axe_violations(page)}
    assert {"color-contrast", "image-alt", "label"} <= on_origin
    assert on_origin == elsewhere
