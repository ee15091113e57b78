"""Politisk verksted in real Chromium: slides at 1920x1080 with keys and print, phones with JS off, axe."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import Session

from app.models.workshops import Workshop
from app.workshops import service, voting
from app.workshops.service import WorkshopForm
from tests.browser.conftest import axe_violations, new_context
from tests.workshops_support import LOW, PASSWORD, SECOND, demo_like
from tests.workshops_toolbox_support import PRINCIPLE, toolbox

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1920, "height": 1080}


def _prepared(session: Session) -> tuple[Workshop, str]:
    """A workshop built from the demo-like campaign with a typed figure, a quote, a worksheet summary,
    a finished dilemma session and an open round."""
    s = demo_like(session)
    sheet, dilemma = toolbox(session, "testby")
    cid = s.campaign.id
    form = WorkshopForm(title="Politisk verksted Nordbyen", held_on="2027-05-04", points="10",
                        campaigns=[str(cid)], areas=[f"{cid}:sentrum", f"{cid}:nordbyen"],
                        comparisons=["area", "group"], themes=[LOW, SECOND], boards=[str(s.board.id)],
                        worksheets=[str(sheet.id)], dilemmas=[str(dilemma.id)])
    assert service.validate(session, s.user, form)[0] == {}
    workshop = service.create(session, s.user, form)
    from app.workshops import content, records

    offered = content.offered_quotes(session, workshop)
    service.set_quotes(session, workshop, [q["key"] for q in offered[:2]], offered)
    records.add_figure(session, workshop, {"label": "Andel som bor alene", "area": "Nordbyen",
                                           "value": "38 %",
                                           "source": "SSB, tabell 06081"})
    voting.open_round(session, workshop, voting.options_of(workshop, [i.id for i in s.ideas]))
    session.commit()  # services only flush; the test is the unit of work here
    return workshop, s.user.username


def _login(context, live_server: str, username: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff"))
    return page


def test_slides_on_a_projector_keys_print_and_axe(browser, live_server, session: Session) -> None:
    workshop, username = _prepared(session)
    context = new_context(browser, viewport=PROJECTOR, locale="nb-NO")
    page = _login(context, live_server, username)
    base = f"{live_server}/staff/workshops/{workshop.id}"
    page.goto(f"{base}/slides/1")
    count = int(re.search(r"av (\d+)", page.locator(".deck-nav").inner_text()).group(1))
    assert count >= 9  # title, two compasses, who, figures, two focus themes, ideas, worksheet, dilemma, vote
    kinds = set()
    for n in range(1, count + 1):
        page.goto(f"{base}/slides/{n}")
        kinds.add(page.eval_on_selector("section.slide", "e => e.className"))
        if page.locator("section.slide-dilemma").count():
            expect(page.locator("section.slide-dilemma")).to_contain_text(PRINCIPLE)
        assert axe_violations(page) == [], n
        # Readable from the back of the room: big headings and body text.
        assert float(page.eval_on_selector("h1", "e => parseFloat(getComputedStyle(e).fontSize)")) >= 48
        assert float(page.eval_on_selector("body", "e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
        # One screen per slide: nothing runs off the side or the bottom of the projector.
        assert page.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"], n
        assert page.evaluate("document.documentElement.scrollHeight") <= PROJECTOR["height"], n
    assert {"slide slide-worksheet", "slide slide-dilemma"} <= kinds
    page.goto(f"{base}/slides/1")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/slides/2"))
    page.keyboard.press("PageDown")
    page.wait_for_url(re.compile(r"/slides/3"))
    page.keyboard.press("PageUp")
    page.wait_for_url(re.compile(r"/slides/2"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"/slides/1$"))

    # The handout prints one slide per sheet.
    page.goto(f"{base}/handout")
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
    assert len(pdf.pages) >= count
    assert "Andel som bor alene" in " ".join(p.extract_text() for p in pdf.pages)
    context.close()


def test_projector_totals_come_in_while_phones_vote(browser, live_server, session: Session) -> None:
    workshop, username = _prepared(session)
    projector = new_context(browser, viewport=PROJECTOR, locale="nb-NO")
    page = _login(projector, live_server, username)
    base = f"{live_server}/staff/workshops/{workshop.id}"
    page.goto(f"{base}/slides/1")
    count = int(re.search(r"av (\d+)", page.locator(".deck-nav").inner_text()).group(1))
    page.goto(f"{base}/slides/{count}")  # the vote slide comes last
    assert "0 telefoner har stemt" in page.locator("#live").inner_text()
    phone_context = new_context(browser, javascript=False, locale="nb-NO")
    phone = phone_context.new_page()
    phone.goto(f"{live_server}/v/{workshop.code}")
    phone.fill("#p1", "7")
    phone.click("button[type=submit]")
    expect(page.locator("#live")).to_contain_text("1 telefoner har stemt", timeout=15000)  # no reload
    assert "7 poeng" in page.locator("#live").inner_text()
    projector.close()
    phone_context.close()


def test_phone_votes_without_javascript_and_keeps_its_points(browser, live_server, session: Session) -> None:
    workshop, _ = _prepared(session)
    context = new_context(browser, javascript=False, locale="nb-NO")
    phone = context.new_page()
    phone.goto(f"{live_server}/v")
    phone.fill("#code", "wrong code")
    phone.click("button[type=submit]")
    expect(phone.locator("#code-error")).to_be_visible()
    phone.fill("#code", workshop.code.lower())  # typed in lower case on a phone: still found
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(rf"/v/{workshop.code}$"))
    phone.fill("#p1", "8")
    phone.fill("#p2", "5")
    phone.click("button[type=submit]")
    expect(phone.locator("#total-error")).to_be_visible()  # 13 of 10 points: refused, what was typed stays
    assert phone.input_value("#p1") == "8" and phone.input_value("#p2") == "5"
    phone.fill("#p2", "2")
    phone.fill("#comment", "Skoleveien først")
    phone.click("button[type=submit]")
    expect(phone.locator(".notice")).to_be_visible()
    phone.reload()
    assert phone.input_value("#p1") == "8" and phone.input_value("#p2") == "2"
    assert phone.input_value("#comment") == "Skoleveien først"
    context.close()


def test_phone_pages_are_accessible_at_320px(page, live_server, session: Session) -> None:
    """In the six staff languages (the five others: test_languages_axe); one workshop for all six."""
    workshop, _ = _prepared(session)
    page.set_viewport_size({"width": 320, "height": 640})
    found = {}
    for lang in ("nb", "nn", "en", "se", "uk", "ar"):
        for url in (f"/v?lang={lang}", f"/v/{workshop.code}?lang={lang}"):
            page.goto(f"{live_server}{url}")
            found[url] = axe_violations(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        page.fill("#p1", "99")
        page.click("button[type=submit]")
        found[f"{lang}: 99 points"] = axe_violations(page)  # the page with an error message too
    assert found == {key: [] for key in found} and len(found) == 6 * 3


def test_staff_pages_and_report_are_accessible(browser, live_server, session: Session) -> None:
    workshop, username = _prepared(session)
    context = new_context(browser, viewport={"width": 1280, "height": 900}, locale="nb-NO")
    page = _login(context, live_server, username)
    base = f"{live_server}/staff/workshops"
    for url in ("", "/new", f"/{workshop.id}", f"/{workshop.id}/edit", f"/{workshop.id}/report",
                f"/{workshop.id}/report?lang=ar"):
        page.goto(f"{base}{url}")
        assert axe_violations(page) == [], url
    page.goto(f"{base}/new")
    page.click("form[action='/staff/workshops'] button[type=submit]")  # nothing typed: errors by the fields
    expect(page.locator("#title-error")).to_be_visible()
    assert axe_violations(page) == []
    context.close()
