"""A record the server refuses on the tablet: shown with the server's reason, viewable, fixed and
sent again under its own id, stored once; the problem line clears once it is sent."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from app.db import unit_of_work
from app.models import Answer, Campaign, Response
from tests.browser.conftest import new_context
from tests.browser.test_staff_field import TABLET, login, setup_walk, wait_until
from tests.helpers import themes

pytestmark = pytest.mark.browser


def set_status(status: str) -> None:
    with unit_of_work() as s:
        campaign = s.exec(select(Campaign).where(Campaign.slug == "gatur")).one()
        campaign.status = status  # through the ORM: the revision moves, cached copies notice
        s.add(campaign)


def wait_stored(page, session, n: int) -> list[Response]:
    for _ in range(150):
        session.rollback()
        found = session.exec(select(Response)).all()
        if len(found) >= n:
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"{n} responses were not stored")


def test_a_refused_record_is_shown_fixed_and_sent_once(browser, live_server, session):
    username, fs_id = setup_walk(session)
    context = new_context(browser, viewport=TABLET)
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_server, username)
    page.goto(f"{live_server}/staff/field/{fs_id}?lang=en")
    set_status("closed")  # closed while the tablet is out on the walk
    for theme in themes():
        page.check(f"input[name='score-{theme}'][value='5']")
    page.fill("#better-feeling_safe", "Mer lys ved busstoppet")
    page.click("#record button[type=submit]")
    wait_until(page, "!document.querySelector('#refused').hidden")
    refused = page.locator("#refused").inner_text()
    assert "The server refused it:" in refused and "closed" in refused.lower()
    expect(page.locator("#sync-problem")).to_be_visible()
    page.click("#refused >> text=Show what it holds")
    assert "Mer lys ved busstoppet" in page.locator("#refused .refused-body").inner_text()
    session.rollback()
    assert session.exec(select(Response)).all() == []

    set_status("open")
    page.click("#refused >> text=Fix and send again")
    page.locator("#fixing").wait_for(state="visible")  # the script shows it after the click
    assert page.input_value("#better-feeling_safe") == "Mer lys ved busstoppet"
    page.fill("#better-feeling_safe", "Mer lys ved busstoppet, også om vinteren")
    page.click("#record button[type=submit]")
    stored = wait_stored(page, session, 1)
    wait_until(page, "document.querySelector('#unsent').textContent.includes('Everything is sent')")
    assert page.locator("#sync-problem").is_hidden() and page.locator("#refused").is_hidden()
    assert len(stored) == 1 and stored[0].group_label == "ungdomsrådet"
    better = session.exec(
        select(Answer.better).where(Answer.response_id == stored[0].id, Answer.theme == "feeling_safe")
    ).one()
    assert better == "Mer lys ved busstoppet, også om vinteren"

    # A second refused record is deleted from the tablet only after confirming.
    set_status("closed")
    page.check(f"input[name='score-{themes()[0]}'][value='3']")
    page.click("#record button[type=submit]")
    wait_until(page, "!document.querySelector('#refused').hidden")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#refused >> text=Delete from this tablet")
    assert page.locator("#refused li").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#refused >> text=Delete from this tablet")
    wait_until(page, "document.querySelector('#refused').hidden")
    session.rollback()
    assert len(session.exec(select(Response)).all()) == 1
    context.close()
