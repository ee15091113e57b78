"""The one moderation queue in real Chromium at 1024x768: 500 survey comments and a board's
comments in pages; filters and bulk actions without JavaScript; the keyboard shortcuts with it; a
user invited by e-mail through a real local SMTP server; a hidden comment shows its reason and one
is corrected with its original kept; axe finds nothing; the audit log lists it."""

import re

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from app.models import AuditEvent
from app.models.results import CommentReview
from tests.browser.conftest import axe_violations, new_context
from tests.browser.test_workbench_admin import DESK, login, use_link
from tests.conftest import make_staff
from tests.test_mail_links import Inbox, free_port
from tests.test_moderation_surveys import survey_comments
from tests.workbench_support import busy_board

pytestmark = pytest.mark.browser


def test_500_survey_comments_are_moderated_in_pages(browser, live_server, session, monkeypatch):
    boss, _ = make_staff(session, role="admin")
    slug = survey_comments(boss, 500, slug="byrom-2027")
    busy_board(boss, 20)
    inbox, port = Inbox(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    for key, value in {"HOST": "127.0.0.1", "PORT": str(port), "FROM": "medvirk@kommune.no",
                       "STARTTLS": "false"}.items():
        monkeypatch.setenv(f"MEDVIRK_SMTP_{key}", value)
    try:
        # Without JavaScript: choose the campaign's survey comments, then approve page after page.
        plain = new_context(browser, javascript=False, viewport=DESK)
        page = plain.new_page()
        page.set_default_timeout(15000)
        login(page, live_server, boss)
        page.goto(f"{live_server}/staff/moderation")
        page.select_option("#kind", "survey")
        page.select_option("#campaign", slug)
        page.click("form.filters button[type=submit]")
        assert page.locator("input[name=item]").count() == 50
        assert page.locator("a[rel=next]").count() == 1
        for round_ in range(8):
            boxes = page.locator("input[name=item]")
            if round_ == 0:  # ticked one by one, as a person does
                for n in range(boxes.count()):
                    boxes.nth(n).check()
            else:  # then set at once (the page's scripts stay off; only the test sets them)
                boxes.evaluate_all("boxes => boxes.forEach(box => { box.checked = true; })")
            page.click("#approve")
            page.wait_for_url(re.compile(r".*done=50"))
        assert "campaign=byrom-2027" in page.url and page.locator("input[name=item]").count() == 50
        plain.close()

        # With JavaScript: tick every row, hide with a reason; then the keys j, x and a.
        context = new_context(browser, viewport=DESK)
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, live_server, boss)
        page.goto(f"{live_server}/staff/moderation?kind=survey&campaign={slug}")
        assert axe_violations(page) == []
        page.click("#tick-all")
        page.fill("#reason", "Personopplysninger")
        page.click("#hide")
        page.wait_for_url(re.compile(r".*done=50"))
        assert page.locator("input[name=item]").count() == 50
        page.locator("h1").click()  # keys act when no text field has the focus
        for key in ("j", "x", "j", "x", "j", "j", "x"):
            page.keyboard.press(key)
        assert page.locator("input[name=item]:checked").count() == 3
        page.keyboard.press("a")
        page.wait_for_url(re.compile(r".*done=3"))
        assert page.locator("input[name=item]").count() == 47
        session.rollback()
        statuses = list(session.exec(select(CommentReview.status)).all())
        assert statuses.count("approved") == 403 and statuses.count("hidden") == 50

        # A hidden comment shows its reason; one is corrected, and the queue shows its original.
        page.goto(f"{live_server}/staff/moderation?kind=survey&state=hidden&campaign={slug}")
        assert page.locator("text=Hidden: Personopplysninger").count() == 50
        row = page.locator("tr.queue-row").first
        original = row.locator("label").inner_text()
        page.locator("h1").click()
        page.keyboard.press("j")
        page.keyboard.press("e")  # opens the current row's edit page
        page.wait_for_url(re.compile(r".*/staff/moderation/edit\?item=survey"))
        assert page.input_value("#text") == original and axe_violations(page) == []
        page.fill("#text", "Rettet av kommunen")
        page.click("main form[action='/staff/moderation/edit'] button[type=submit]")
        page.wait_for_url(re.compile(r".*done=saved"))
        assert "Rettet av kommunen" in page.locator("#history").inner_text()
        assert axe_violations(page) == []
        page.click("text=Back to the moderation queue")
        page.wait_for_url(re.compile(r".*/staff/moderation\?.*state=hidden"))
        edited = page.locator("tr.queue-row", has_text="Rettet av kommunen")
        assert "Edited by" in edited.inner_text() and f"original: {original}" in edited.inner_text()

        # Everything else waits in the same queue; the archive and users pages pass axe too.
        page.goto(f"{live_server}/staff/moderation?state=pending")
        assert page.locator("input[value^='comment:']").count() == 20
        assert page.locator("input[value^='survey:']").count() == 30
        for path in ("/staff/admin/archive", "/staff/search?q=svar", "/staff/admin/users"):
            page.goto(f"{live_server}{path}")
            assert axe_violations(page) == [], path

        # A new colleague is invited by e-mail; the link in the e-mail opens the password page.
        page.fill("#username", "ny-moderator")
        page.fill("#email", "moderator@kommune.no")
        page.click("form[action='/staff/admin/users'] button[type=submit]")
        page.wait_for_selector("#mailed")
        [message] = inbox.messages
        text = message.get_payload(decode=True).decode()
        link = re.search(r"https?://\S+/staff/password/\S+", text).group(0)
        use_link(browser, live_server, link, "ny-moderator")  # sets a password and logs in with it
        other = new_context(browser, viewport=DESK)
        again = other.new_page().goto(re.sub(r"^https?://[^/]+", live_server, link))
        assert again.status == 404  # the e-mailed link worked once
        other.close()

        page.goto(f"{live_server}/staff/admin/audit")
        table = page.locator("#audit").inner_text()
        assert "survey comments" in table and "Personopplysninger" in table
        assert "Survey comment edited" in table
        assert "Rettet" not in table  # the log says that it was edited, never what it says
        session.rollback()
        actions = session.exec(select(AuditEvent.action)).all()
        assert actions.count("moderation.approve") == 9 and actions.count("moderation.hide") == 1
        assert actions.count("user.invite") == 1 and actions.count("survey.edit") == 1
        context.close()
    finally:
        smtp.stop()
