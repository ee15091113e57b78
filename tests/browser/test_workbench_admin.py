"""The staff workbench in real Chromium at 1024x768, as a facilitator's week goes: a super-admin
makes a municipality and its first admin; a forgotten password is reset by a one-time link; a
campaign is copied, archived, restored and deleted; 500 comments are moderated in pages with
bulk actions; the audit log lists all of it. Data is set up through services; one browser."""

import re

import pytest
from sqlalchemy import func, update
from sqlmodel import select

from app.db import unit_of_work
from app.models import AuditEvent, Campaign, IdeaComment, User
from tests.browser.conftest import axe_violations, new_context
from tests.conftest import make_staff
from tests.staff_support import PASSWORD
from tests.workbench_support import busy_board, make_campaign

pytestmark = pytest.mark.browser
DESK = {"width": 1024, "height": 768}
LINK = re.compile(r"https?://\S+/staff/password/[A-Za-z0-9_\-]+")
NEW = "en helt ny passordfrase"


def login(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/staff/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff")


def use_link(browser, base: str, link: str, username: str) -> None:
    """Someone else, on their own device, opens the link, sets a password and logs in with it."""
    context = new_context(browser, viewport=DESK)
    page = context.new_page()
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), base))
    page.fill("#password", NEW)
    page.fill("#repeat", NEW)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/login\?done=password"))
    login(page, base, username, NEW)
    context.close()


def test_a_week_on_the_workbench(browser, live_server, session):
    boss, _ = make_staff(session, role="admin")
    colleague, _ = make_staff(session, role="facilitator")
    with unit_of_work() as s:
        s.exec(update(User).where(User.username == boss).values(is_superadmin=True))
    make_campaign(boss, slug="sentrum-2027", status="closed")
    busy_board(boss, 500)
    context = new_context(browser, viewport=DESK)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_server, boss)

    # A super-admin makes a municipality and its first admin, who sets a password by link.
    page.goto(f"{live_server}/staff/admin/organisations?lang=en")
    page.fill("#name", "Nordvik kommune")
    page.fill("#slug", "nordvik")
    page.fill("#username", "nordvik-admin")
    page.click("main form[action='/staff/admin/organisations'] button[type=submit]")
    link = LINK.search(page.locator("#one-time-link").inner_text()).group(0)
    assert axe_violations(page) == []
    use_link(browser, live_server, link, "nordvik-admin")

    # A forgotten password: the admin makes a reset link for a colleague.
    page.goto(f"{live_server}/staff/admin/users")
    page.click(f"text=Password link for {colleague}")
    use_link(
        browser, live_server, LINK.search(page.locator("#one-time-link").inner_text()).group(0), colleague
    )

    # A campaign copied, archived, restored and deleted.
    page.goto(f"{live_server}/staff/campaigns/sentrum-2027")
    page.click("text=Copy as a template for a new campaign")
    page.fill("#title", "Sentrum 2029")
    page.fill("#slug", "sentrum-2029")
    page.click("form[action$='/copy'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/campaigns/sentrum-2029\?done=copied"))
    page.click("text=Archive this campaign")
    page.wait_for_url(re.compile(r".*/staff/admin/archive"))
    assert page.locator("#archived-campaigns").inner_text().count("Sentrum 2029") == 1
    assert axe_violations(page) == []
    page.click("#archived-campaigns button")
    page.wait_for_url(re.compile(r".*/staff/campaigns/sentrum-2029\?done=restored"))
    page.goto(f"{live_server}/staff/campaigns/sentrum-2029/delete")
    page.fill("#confirm", "sentrum-2029")
    page.click("main button.danger")
    page.wait_for_url(re.compile(r".*/staff/campaigns\?done=deleted"))
    session.rollback()
    assert session.exec(select(Campaign.slug).where(Campaign.slug.startswith("sentrum"))).all() == [
        "sentrum-2027"
    ]

    # 500 comments, 50 a page: the first page links to the next; nine pages approved, one hidden.
    page.goto(f"{live_server}/staff/moderation?kind=comment&state=pending")
    assert page.locator("input[name=item]").count() == 50
    assert page.locator("a[rel=next]").count() == 1
    assert axe_violations(page) == []
    for n in range(10):
        page.click("#tick-all")
        if n < 9:
            page.click("#approve")
        else:
            page.fill("#reason", "Gjentar samme reklame")
            page.click("#hide")
        page.wait_for_url(re.compile(r".*done=50"))
    assert page.locator("input[name=item]").count() == 0
    session.rollback()
    counts = dict(
        session.exec(select(IdeaComment.visibility, func.count()).group_by(IdeaComment.visibility)).all()
    )
    assert counts == {"visible": 450, "hidden": 50}

    # The start page, search and the language page pass axe as well.
    for path in ("/staff", "/staff/search?q=kommentar", "/staff/language"):
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], path

    # The audit log lists all of it, and exports it.
    page.goto(f"{live_server}/staff/admin/audit")
    table = page.locator("#audit").inner_text()
    for said in (
        "Organisation created",
        "Password reset link made",
        "Password set with a one-time link",
        "Campaign copied",
        "Campaign archived",
        "Campaign restored",
        "Campaign deleted",
        "Approved",
        "Hidden",
        "nordvik-admin",
        colleague,
    ):
        assert said in table, said
    assert axe_violations(page) == []
    session.rollback()
    actions = session.exec(select(AuditEvent.action)).all()
    # organisation + invitation + 2 passwords set + reset + 4 campaign steps + 10 bulk actions
    assert len(actions) == 19 and actions.count("moderation.approve") == 9
    context.close()
