"""The offline tablet in real Chromium: a facilitator opens a walk-and-talk, loses the network,
records five participants and one consensus round, reloads, comes back online, and exactly those
six records are stored once each, labelled with the session's group."""

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
TABLET = {"width": 800, "height": 1280}


def setup_walk(session) -> tuple[str, int]:
    username, _ = make_staff(session, role="facilitator")
    user = session.exec(select(User).where(User.username == username)).one()
    campaign = create_campaign(
        session,
        CampaignIn(
            slug="gatur",
            title="Gåtur 2027",
            survey="stedskompasset",
            status="open",
            areas=[AreaIn(slug="sentrum", name="Sentrum"), AreaIn(slug="nord", name="Nord")],
        ),
        user,
    )
    fs = create_session(
        session,
        user,
        campaign,
        SessionForm(
            kind="walk",
            title="Ungdomsrådet går",
            held_on=date(2027, 3, 10).isoformat(),
            area="sentrum",
            group_label="ungdomsrådet",
            stops="Torget\nParken",
        ),
    )
    session.commit()  # services only flush; the test is the unit of work here
    return username, fs.id  # type: ignore[return-value]


def wait_until(page, script: str, timeout_ms: int = 20000) -> None:
    """Poll a JS condition with evaluate (wait_for_function needs eval, which our CSP forbids)."""
    waited = 0
    while not page.evaluate(script):
        assert waited < timeout_ms, f"timed out waiting for: {script}"
        page.wait_for_timeout(100)
        waited += 100


def login(page, live_server, username):
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")


def record(page, score: int, comment: str, consensus: bool = False):
    page.check(f"input[name=consensus][value='{1 if consensus else 0}']")
    for theme in themes():
        page.check(f"input[name='score-{theme}'][value='{score}']")
    page.fill("#better-feeling_safe", comment)
    page.click("#record button[type=submit]")
    wait_until(page, "document.querySelector('#better-feeling_safe').value === ''")


def queued_ids(page) -> list[str]:
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open('medvirk-field', 1);
        open.onsuccess = () => {
            const req = open.result.transaction('queue').objectStore('queue').getAllKeys();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
        };
    })""")


def stored(session):
    session.rollback()
    return session.exec(select(Response)).all()


def test_offline_walk_and_talk_stores_six_records_once(browser, live_server, session):
    username, fs_id = setup_walk(session)
    context = new_context(browser, viewport=TABLET)
    page = context.new_page()
    login(page, live_server, username)
    page.goto(f"{live_server}/staff/field/{fs_id}")
    # Opened online once: the service worker is running and the page is in its cache.
    wait_until(
        page,
        """async () => {
        if (!navigator.serviceWorker.controller) return false;
        const cache = await caches.open('medvirk-field-v1');
        return !!(await cache.match(location.pathname));
    }""",
    )
    assert axe_violations(page) == []

    context.set_offline(True)
    for n in range(5):
        record(page, n + 2, f"Deltaker {n + 1}: mer lys")
    record(page, 4, "Gruppen: tryggere kryssing", consensus=True)
    wait_until(page, "document.querySelector('#unsent').textContent.includes('6')")
    ids = queued_ids(page)
    assert len(ids) == 6 and stored(session) == []

    page.reload()  # offline: the service worker serves the page from its cache
    expect(page.locator("#record")).to_be_visible()
    wait_until(page, "document.querySelector('#unsent').textContent.includes('6')")
    assert sorted(queued_ids(page)) == sorted(ids)
    assert stored(session) == []
    # The network is really cut for the service worker too: an uncached field page is not reachable.
    missing = page.evaluate("fetch('/staff/field/999999').then(r => r.status, () => 'failed')")
    assert missing in (503, "failed")

    context.set_offline(False)
    wait_until(
        page,
        """async () => (await new Promise(resolve => {
        const open = indexedDB.open('medvirk-field', 1);
        open.onsuccess = () => {
            const req = open.result.transaction('queue').objectStore('queue').count();
            req.onsuccess = () => resolve(req.result);
        };
    })) === 0""",
        30000,
    )

    rows = stored(session)
    assert sorted(r.id for r in rows) == sorted(ids)
    assert all(r.group_label == "ungdomsrådet" and r.session_id == fs_id and r.mode == "walk" for r in rows)
    assert sorted(r.is_consensus for r in rows) == [False] * 5 + [True]
    assert len(session.exec(select(Answer)).all()) == 6 * len(themes())
    comments = {a.better for a in session.exec(select(Answer).where(Answer.theme == "feeling_safe"))}
    assert comments == {f"Deltaker {n}: mer lys" for n in range(1, 6)} | {"Gruppen: tryggere kryssing"}
    page.reload()
    heading = page.locator("#record-heading").text_content().strip()
    assert heading.endswith(" 6")  # participant 6 is next: five are stored on the server
    context.close()
