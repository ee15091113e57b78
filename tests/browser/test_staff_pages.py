"""Every staff page in real Chromium with axe-core: zero WCAG 2.1 AA violations, at tablet and
phone width; the login form and a form with errors included."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.fieldwork.service import SessionForm
from app.fieldwork.service import create as create_session
from app.models import Answer, Response, User
from tests.browser.conftest import axe_violations, new_context
from tests.conftest import make_staff
from tests.helpers import themes
from tests.staff_support import PASSWORD

pytestmark = pytest.mark.browser


def setup(session) -> tuple[str, int]:
    username, _ = make_staff(session, role="admin")
    user = session.exec(select(User).where(User.username == username)).one()
    campaign = create_campaign(
        session,
        CampaignIn(
            slug="axe",
            title="Sentrum 2027",
            survey="stedskompasset",
            status="open",
            locales=["nb", "en", "ar"],
            areas=[AreaIn(slug="sentrum", name="Sentrum"), AreaIn(slug="nord", name="Nord")],
        ),
        user,
        settings={"profile": ["age_band", "gender"]},
    )
    fs = create_session(
        session,
        user,
        campaign,
        SessionForm(
            kind="walk",
            title="Seniorsenteret går",
            held_on=date(2027, 3, 10).isoformat(),
            area="nord",
            group_label="seniorsenteret",
            stops="Torget\nParken",
        ),
    )
    session.commit()  # services only flush; the test is the unit of work here
    return username, fs.id  # type: ignore[return-value]


PAGES = [
    "/staff",
    "/staff/admin/users",
    "/staff/campaigns",
    "/staff/campaigns/new",
    "/staff/campaigns/axe",
    "/staff/campaigns/axe/edit",
    "/staff/campaigns/axe/outreach",
    "/staff/campaigns/axe/poster?area=nord",
    "/staff/campaigns/axe/invitations",
    "/staff/campaigns/axe/sessions/new",
    "/staff/field/{fs}",
    "/staff/campaigns/axe/paper",
    "/staff/campaigns/axe/paper/print?lang=ar",
    "/staff/campaigns/axe/paper/entry",
]


@pytest.mark.parametrize("viewport", [{"width": 800, "height": 1280}, {"width": 320, "height": 640}])
def test_every_staff_page_passes_axe(page, live_server, session, viewport):
    username, fs = setup(session)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")
    found = {}
    for path in PAGES:
        response = page.goto(live_server + path.format(fs=fs))
        assert response.status == 200, path
        found[path] = axe_violations(page)
    assert found == {path: [] for path in PAGES}


def test_forms_with_errors_pass_axe_and_focus_is_usable_by_keyboard(page, live_server, session):
    username, fs = setup(session)
    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")
    page.goto(f"{live_server}/staff/campaigns/new")
    page.fill("#title", "")
    page.click("form[action='/staff/campaigns/new'] button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.locator("#title-error").is_visible()
    assert axe_violations(page) == []
    # Paper entry with the keyboard only: a digit per score, Tab between fields, Enter to save.
    page.goto(f"{live_server}/staff/campaigns/axe/paper/entry")
    page.select_option("#area", "nord")
    page.focus("#score-moving_around")
    digits = "12345678123456"  # the 8th theme gets an 8: a typing mistake
    for i, digit in enumerate(digits):
        page.keyboard.type(digit)
        if i < len(digits) - 1:
            page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#score-work_economy-error")).to_be_visible()
    assert page.input_value("#score-facilities_services") == "7"  # what was typed is kept
    assert axe_violations(page) == []
    page.fill("#score-work_economy", "1")
    page.focus("#score-work_economy")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "saved=1" in page.url
    session.rollback()
    rows = session.exec(select(Response)).all()
    assert [(r.mode, r.area_id is not None) for r in rows] == [("paper", True)]
    scores = {a.theme: a.score for a in session.exec(select(Answer))}
    assert [scores[t] for t in themes()] == [1, 2, 3, 4, 5, 6, 7, 1, 1, 2, 3, 4, 5, 6]
    assert page.evaluate("document.activeElement.id") == "score-moving_around"  # ready for the next form


def test_poster_prints_on_a4_with_a_qr_code_that_opens_the_survey(browser, live_server, session):
    from urllib.parse import urlparse

    username, _ = setup(session)
    context = new_context(browser, viewport={"width": 800, "height": 1280})
    page = context.new_page()
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")
    page.goto(f"{live_server}/staff/campaigns/axe/poster?area=nord")
    page.emulate_media(media="print")
    qr = page.locator(".poster-qr img")
    assert qr.is_visible() and page.evaluate("document.querySelector('.poster-qr img').naturalWidth") > 0
    assert not page.locator("header.site").is_visible() and not page.locator(".noprint").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")  # Chromium lays it out on A4
    link = page.locator(".poster-link").text_content().strip()
    target = urlparse(link)
    assert target.path == "/k/axe" and target.query == "area=nord"
    response = page.goto(f"{live_server}{target.path}?{target.query}")
    assert response.status == 200 and page.locator("form").count() >= 1  # the survey's first page
    context.close()
