"""The rød tråd tried as a planner would, in headless Chromium: an outcome made in a workshop from two ideas
and a theme is routed to a unit, gets a saksnummer and moves through its statuses; the public follow-up page
(JavaScript off, every language, axe 0) and its Atom feed show it; the Medvirkning chapter opens as DOCX and
PDF with the outcome and its sources; the next round's compass shows the change beside it."""

import io
import re
from xml.etree import ElementTree as ET

import docx
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from app.i18n import LANGUAGES, decimal
from app.models import Workshop
from app.models.outcomes import Outcome
from tests.browser.conftest import axe_violations, new_context
from tests.outcomes_support import SECRET, two_rounds
from tests.workshops_support import LOW, PASSWORD

pytestmark = pytest.mark.browser
DESK = {"width": 1280, "height": 900}


def _login(context, live_server: str, username: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff"))
    return page


def test_a_planner_follows_an_outcome_from_the_workshop_to_the_residents(
        browser, page, page_nojs, live_server, session: Session) -> None:
    r = two_rounds(session)
    workshop = session.exec(select(Workshop)).one()
    username, ideas = r.second.user.username, r.second.ideas
    session.rollback()
    context = new_context(browser, viewport=DESK, locale="en-GB")
    staff = _login(context, live_server, username)
    staff.goto(f"{live_server}/staff/outcomes/units")
    assert axe_violations(staff) == []
    staff.fill("#name", "Samferdsel og vei")
    staff.click("form[action='/staff/outcomes/units'] button[type=submit]")
    # In the workshop: record an action on the low theme.
    staff.goto(f"{live_server}/staff/workshops/{workshop.id}?lang=en")
    staff.fill("#outcome_text", "Opplyst gangvei langs elva")
    staff.select_option("#outcome_option", f"t:{LOW}")
    staff.select_option("#outcome_plan", "temaplan")
    staff.click("form[action$='/outcome'] button[type=submit]")
    # It is in the register: link the two ideas, route it, give it a saksnummer and publish it.
    staff.goto(f"{live_server}/staff/outcomes")
    assert axe_violations(staff) == []
    staff.click("text=Opplyst gangvei langs elva")
    assert axe_violations(staff) == []
    for idea in ideas[:2]:
        staff.check(f"input[name=source][value$='|{idea.id}']")
    staff.click("text=Link the chosen sources")
    staff.select_option("#unit", label="Samferdsel og vei")
    staff.fill("#case_number", "2027/990")
    staff.fill("#decision_url", "https://kommune.no/sak/2027-990")
    staff.fill("#public_note", "Lys langs hele gangveien.")
    staff.fill("#internal_note", SECRET)
    staff.check("input[name=is_public]")
    staff.click("form:has(#title) button[type=submit]")
    for status in ("decided", "in_progress"):
        staff.select_option("form[action$='/status'] #status", status)
        staff.click("text=Change status")
    assert "In progress" in staff.locator("#current-status").inner_text()
    assert staff.locator("ol li").count() == 3  # proposed, decided, in progress: each dated
    session.rollback()
    oid = session.exec(select(Outcome.id).where(Outcome.title == "Opplyst gangvei langs elva")).one()
    session.rollback()
    unit_inbox = staff.locator("a", has_text="Samferdsel og vei").first
    staff.goto(f"{live_server}/staff/outcomes/units")
    unit_inbox.click()
    assert "Opplyst gangvei langs elva" in staff.content()
    for path in ("/staff/outcomes/overdue", f"/staff/outcomes/route?campaign={r.second.campaign.id}",
                 "/staff/outcomes/next-workshop", "/staff/outcomes/new"):
        staff.goto(f"{live_server}{path}")
        assert axe_violations(staff) == [], path
    # The chapter for the planbeskrivelse, as DOCX and PDF, with the outcome and its sources.
    cid = r.second.campaign.id
    word = staff.request.get(f"{live_server}/staff/outcomes/campaigns/{cid}/medvirkning.docx?lang=nb")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.body())).paragraphs)
    assert "Opplyst gangvei langs elva" in text and ideas[0].title in text and ideas[1].title in text
    pdf = staff.request.get(f"{live_server}/staff/outcomes/campaigns/{cid}/medvirkning.pdf?lang=nb")
    flat = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Opplyst gangvei langs elva" in flat.replace("\n", " ")
    context.close()

    # Residents: no account, JavaScript off, every language; axe with the same pages in a JS context.
    public, probe = page_nojs, page
    for lang in LANGUAGES:
        url = f"{live_server}/oppfolging/{r.second.campaign.slug}?lang={lang}"
        public.goto(url)
        body = public.content()
        assert "Opplyst gangvei langs elva" in body and "2027/990" in body and SECRET not in body
        assert public.locator(f"#outcome-{oid} a[href='https://kommune.no/sak/2027-990']").count() == 1
        point = re.escape(decimal(0.5, lang)[1])  # the change since the last round, in the reader's numbers
        assert re.search(rf"<td>\+\d{point}\d</td>", body)
        probe.goto(url)
        assert axe_violations(probe) == [], lang
        feed = public.request.get(f"{live_server}/oppfolging/{r.second.campaign.slug}/feed.atom?lang={lang}")
        titles = [e.text or "" for e in ET.fromstring(feed.body()).iter("{http://www.w3.org/2005/Atom}title")]
        assert sum(t.startswith("Opplyst gangvei langs elva: ") for t in titles) == 3
    probe.goto(f"{live_server}/oppfolging/{r.second.campaign.slug}/sentrum?lang=ar")
    assert axe_violations(probe) == []
