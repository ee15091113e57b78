"""Branding in real Chromium: an admin uploads a logo (an SVG with a script in it) and a colour on
the branding page, which passes axe with a refused colour's message and after saving; the poster
then shows the logo, drawn as a PNG, and no script ever ran."""

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_workbench_admin import DESK, login
from tests.conftest import make_staff
from tests.workbench_support import make_campaign

pytestmark = pytest.mark.browser
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="300" height="100" '
       b'fill="#1a5276"/><script>window.hacked = true</script><text x="20" y="60" fill="#fff" '
       b'font-size="36">Testby</text></svg>')


def test_an_admin_brands_the_organisation_and_the_poster_shows_the_logo(page, live_server, session,
                                                                         tmp_path):
    admin, _ = make_staff(session, role="admin")
    make_campaign(admin, slug="sentrum-2027")
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    page.set_viewport_size(DESK)
    page.set_default_timeout(15000)
    login(page, live_server, admin)

    page.goto(f"{live_server}/staff/admin/branding?lang=en")
    assert axe_violations(page) == []
    page.fill("#display_name", "Testby kommune")
    page.fill("#accent", "#ffcc00")  # white text on yellow cannot be read: refused
    page.set_input_files("#logo", str(logo))
    page.click("form[action=\"/staff/admin/branding\"] button[type=submit]")
    assert "WCAG AA needs at least 4.5:1" in page.inner_text("#accent-error")
    assert page.input_value("#display_name") == "Testby kommune"
    assert axe_violations(page) == []

    page.fill("#accent", "#1a5276")
    page.set_input_files("#logo", str(logo))
    page.click("form[action=\"/staff/admin/branding\"] button[type=submit]")
    page.wait_for_url(f"{live_server}/staff/admin/branding?done=saved")
    assert axe_violations(page) == []

    page.goto(f"{live_server}/staff/campaigns/sentrum-2027/poster")
    img = page.locator(".poster-brand img")
    assert img.get_attribute("alt") == "Logo of Testby kommune"
    size = img.evaluate("i => [i.complete, i.naturalWidth, i.naturalHeight]")
    assert size == [True, 600, 200]  # the SVG, drawn to a PNG 600 pixels wide
    assert "Testby kommune" in page.inner_text(".poster-brand")
    colour = page.evaluate("getComputedStyle(document.querySelector('.poster h1')).color")
    assert colour == "rgb(26, 82, 118)" and axe_violations(page) == []  # the accent reads on white too
    served = page.request.get(live_server + img.get_attribute("src"))
    assert served.headers["content-type"] == "image/png"
    page.goto(live_server + img.get_attribute("src"))  # opened on its own, it is an inert picture
    assert page.evaluate("window.hacked === undefined")
