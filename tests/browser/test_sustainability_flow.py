"""Bærekrafthjelperen tried as a planner would, in headless Chromium: an admin adds a funding scheme that
shows beside its theme; a saksbehandling worksheet is filled in for a case; its summary lists the
målkonflikter, downloads as PDF and DOCX with them, and goes into the outcome register.
Axe finds nothing on every page."""

import io
import re

import docx
import pytest
from pypdf import PdfReader
from sqlmodel import Session

from app.models import Campaign
from app.results import disclosure
from tests.browser.conftest import axe_violations, new_context
from tests.workshops_support import PASSWORD, demo_like

pytestmark = pytest.mark.browser
DESK = {"width": 1280, "height": 900}
CONFLICT = "Helps Housing, Work and business, but harms Nature and land use."


def test_a_planner_assesses_a_case_and_takes_it_to_the_register(browser, live_server,
                                                                session: Session) -> None:
    setup = demo_like(session)
    campaign = session.get(Campaign, setup.campaign.id)
    assert campaign is not None
    disclosure.cut(session, campaign)  # residents' scores published, so they stand beside the themes
    session.commit()
    username, cid = setup.user.username, campaign.id
    session.rollback()
    context = new_context(browser, viewport=DESK, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server}/staff/login?lang=en")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff"))

    # An admin adds a funding scheme to the housing theme.
    page.goto(f"{live_server}/staff/sustainability/funding")
    assert axe_violations(page) == []
    page.click("text=Add a funding scheme or tool")
    assert axe_violations(page) == []
    page.fill("#name", "Tilskudd til bygdeboliger")
    page.fill("#provider", "Husbanken")
    page.select_option("#place", "sosial:bolig")
    page.fill("#url", "https://www.husbanken.no/")
    page.fill("#deadline", "1. mars 2027")
    page.click("form:has(#name) button[type=submit]")
    page.wait_for_url(f"{live_server}/staff/sustainability/funding")
    assert "Tilskudd til bygdeboliger" in page.content()

    # A saksbehandling worksheet for a case, with residents' scores from the campaign.
    page.goto(f"{live_server}/staff/sustainability")
    assert axe_violations(page) == []
    page.fill("#name", "Boligfelt Myrvoll")
    page.select_option("#plan_level", "saksbehandling")
    page.fill("#case_number", "2027/123")
    page.select_option("#campaign", str(cid))
    page.click("text=Open the worksheet")
    page.wait_for_url(re.compile(r"/staff/sustainability/worksheets/\d+$"))
    assert axe_violations(page) == []
    housing = page.locator("fieldset", has=page.locator("legend", has_text="Housing"))
    assert "Tilskudd til bygdeboliger" in housing.inner_text() and "1. mars 2027" in housing.inner_text()
    assert re.search(r"Residents' scores \(Stedskompasset, 1–7\): .*\d\.\d", housing.inner_text())
    nature = page.locator("fieldset", has=page.locator("legend", has_text="Nature and land use"))
    assert "Tilskudd til bygdeboliger" not in nature.inner_text()
    # A negative answer without its reason is refused, and what was typed stays.
    page.select_option("#choice-natur", "negative")
    page.select_option("#choice-bolig", "positive")
    page.fill("#reason-bolig", "120 nye boliger for unge")
    page.click("text=Save and see the summary")
    assert "Say why the effect is negative." in page.content()
    assert page.input_value("#reason-bolig") == "120 nye boliger for unge"
    assert axe_violations(page) == []
    page.fill("#reason-natur", "Bygger ned 40 dekar myr ved elva")
    page.select_option("#choice-naering", "positive")
    page.fill("#reason-naering", "Plass til to nye bedrifter")
    page.select_option("#choice-kommuneokonomi", "not_assessed")
    page.click("text=Save and see the summary")
    page.wait_for_url(re.compile(r"/summary$"))
    assert axe_violations(page) == []
    assert CONFLICT in page.locator("#conflicts + ul").inner_text()
    summary_url = page.url

    # The summary for the saksframlegg as PDF and DOCX, with the målkonflikter.
    with page.expect_download() as got:
        page.click("text=Summary for the case paper (PDF)")
    flat = " ".join(p.extract_text() or "" for p in PdfReader(got.value.path()).pages)
    assert CONFLICT in " ".join(flat.split()) and "2027/123" in flat
    with page.expect_download() as got:
        page.click("text=Summary for the case paper (DOCX)")
    with open(got.value.path(), "rb") as fh:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(fh.read())).paragraphs)
    assert CONFLICT in text and "Bygger ned 40 dekar myr ved elva" in text

    # Into the outcome register, which links back to the assessment.
    page.click("text=Add to the outcome register")
    page.wait_for_url(re.compile(r"/staff/outcomes/\d+$"))
    assert page.input_value("#case_number") == "2027/123"
    assert CONFLICT in page.input_value("#internal_note")
    page.goto(f"{live_server}/staff/outcomes")
    assert "Sustainability assessment: Boligfelt Myrvoll" in page.content()
    page.goto(summary_url)
    page.click("text=The register entry for this assessment")
    page.wait_for_url(re.compile(r"/staff/outcomes/\d+$"))
    context.close()
