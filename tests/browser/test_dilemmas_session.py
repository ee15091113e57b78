"""Dilemmatrening in real Chromium, as the issue's "Done when" says: a facilitator runs a session on
a projector, three groups answer on phones (JavaScript off) over three injects, the room agrees on
principles, and the report lists their conflicts and principles. axe finds nothing on any page."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.browser.conftest import axe_violations, new_context
from tests.conftest import make_staff
from tests.staff_support import PASSWORD

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1920, "height": 1080}
CONFLICTS = ["Matjord mot nye boliger", "Flomvollen mot budsjettet", "Arbeidsplasser mot idrettsbanen"]
PRINCIPLES = ["Matjord vernes før nye boligfelt", "Uløste målkonflikter avgjøres av kommunestyret"]


def test_three_groups_on_phones_over_three_injects(browser, live_server, session: Session) -> None:
    username, _ = make_staff(session, role="facilitator")
    projector = new_context(browser, viewport=PROJECTOR, locale="nb-NO")
    staff = projector.new_page()
    staff.goto(f"{live_server}/staff/login")
    staff.fill("#username", username)
    staff.fill("#password", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff"))

    # Start a session from the example scenario, with three groups across municipalities.
    staff.goto(f"{live_server}/staff/dilemmas/new")
    assert axe_violations(staff) == []
    staff.click("form[action='/staff/dilemmas'] button[type=submit]")  # nothing typed: errors, axe-clean
    expect(staff.locator("#title-error")).to_be_visible()
    assert axe_violations(staff) == []
    staff.fill("#title", "Dilemmatrening Elvdal og Nabovik")
    staff.check("input[value='boliger-pa-elvesletta']")
    staff.fill("#groups", "Helse og oppvekst\nTeknisk og plan\nNæring og økonomi")
    staff.click("form[action='/staff/dilemmas'] button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/dilemmas/\d+$"))
    base = staff.url
    assert axe_violations(staff) == []
    code = staff.locator("dl.facts strong").inner_text()

    staff.goto(f"{base}/present")
    assert staff.locator(".code").inner_text() == code
    assert axe_violations(staff) == []
    assert float(staff.eval_on_selector("h1", "e => parseFloat(getComputedStyle(e).fontSize)")) >= 48

    # Three phones, JavaScript off, join by typing the code from the screen.
    phones = []
    for n, group in enumerate(("Helse og oppvekst", "Teknisk og plan", "Næring og økonomi")):
        context = new_context(browser, javascript=False, locale="nb-NO")
        p = context.new_page()
        p.goto(f"{live_server}/d")
        if n == 0:
            p.fill("#code", "FEIL")
            p.click("button[type=submit]")
            expect(p.locator("#code-error")).to_be_visible()
        p.fill("#code", code.lower())
        p.click("button[type=submit]")
        p.get_by_role("link", name=group).click()
        p.wait_for_url(re.compile(r"/d/\d+/\d+$"))
        phones.append((context, p))

    for step in (1, 2, 3):
        staff.get_by_role("button", name=re.compile("Neste steg")).click()
        staff.wait_for_url(re.compile(r"/present$"))
        assert f"Hendelse {step}" in staff.locator("h1").inner_text()
        assert axe_violations(staff) == [], step
        for i, (_, p) in enumerate(phones):
            p.reload()
            assert f"Hendelse {step}" in p.locator("h1").inner_text()
            p.select_option("#e-bolig", "+")
            p.select_option("#e-natur_areal", "-")
            p.fill("#conflicts", f"{CONFLICTS[i]} ({step})")
            if i == 0:
                p.fill("#winwin", f"Bygg tett ved skolen ({step})")
            p.click("button[type=submit]")
            expect(p.locator(".notice[role=status]")).to_be_visible()
        # The projector's count comes in while the phones answer, without a reload.
        expect(staff.locator("#live")).to_contain_text("3 av 3 grupper har svart", timeout=15000)

    # A refused answer keeps what was typed (and the phone page stays axe-clean, checked with JS on).
    _, first = phones[0]
    first.fill("#conflicts", "x" * 1001)
    first.click("button[type=submit]")
    expect(first.locator("#conflicts-error")).to_be_visible()
    assert first.input_value("#conflicts") == "x" * 1001
    checker = new_context(browser, viewport={"width": 320, "height": 640}, locale="nb-NO")
    check = checker.new_page()
    check.goto(f"{live_server}/d")
    assert axe_violations(check) == []
    check.fill("#code", code)
    check.click("button[type=submit]")
    assert axe_violations(check) == []
    check.get_by_role("link", name="Teknisk og plan").click()
    assert axe_violations(check) == []
    assert check.evaluate("document.documentElement.scrollWidth") <= 320
    check.select_option("#e-bolig", "")  # the group's stored answer, all taken away: refused
    check.select_option("#e-natur_areal", "")
    check.fill("#conflicts", "")
    check.click("button[type=submit]")
    expect(check.locator("#effects-error")).to_be_visible()
    assert axe_violations(check) == []  # the page with an error message too
    checker.close()

    # The principles step on the projector, then the facilitator records what the room agreed.
    staff.get_by_role("button", name=re.compile("Neste steg")).click()
    assert "Prinsipper for prioriteringer" in staff.locator("h1").inner_text()
    assert CONFLICTS[2] in staff.locator("main").inner_text()
    assert axe_violations(staff) == []
    staff.goto(base)
    for text in PRINCIPLES:
        staff.fill("#principle", text)
        staff.click("form[action$='/principles'] button[type=submit]")
        staff.wait_for_url(re.compile(r"#principles$"))
    assert axe_violations(staff) == []

    staff.goto(f"{base}/report")
    assert axe_violations(staff) == []
    report = staff.locator("main").inner_text()
    for text in (*CONFLICTS, *PRINCIPLES, "Bygg tett ved skolen (3)"):
        assert text in report, text
    for context, _ in phones:
        context.close()
    projector.close()
