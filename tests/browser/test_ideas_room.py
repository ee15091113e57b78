"""The bylab in a real browser: two phones in one room and a projector on the wall, a phone with
JavaScript off, script typed into every field, and axe-core on every page in every language."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import func, select

from app.models.ideas import Idea, Support
from tests.browser.conftest import axe_violations, new_context
from tests.ideas_support import open_board, seed_results, staff_client

pytestmark = pytest.mark.browser
SCRIPT = '<script>window.pwned=1;alert(1)</script><img src=x onerror="window.pwned=1">'
LANGS = ["nb", "nn", "en", "se", "uk", "ar"]
SUBMIT = "form[action$='/ideas'] button[type=submit]"


def _open_board(session, room: bool = False) -> tuple[object, str | None]:
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    assert open_board(staff, campaign, room=room).status_code == 303
    code = re.search(r'class="code">([A-Z0-9]+)<', staff.get("/staff/boards/bylab").text)
    return staff, code.group(1) if code else None


def _post_idea(page, base: str, title: str, lang: str = "nb") -> None:
    page.goto(f"{base}/b/bylab/new?lang={lang}")
    page.fill("#title", title)
    page.fill("#description", "Vi trenger flere benker.")
    page.check("input[name=themes][value=moving_around]")
    page.check("input[name=actors][value=together]")
    page.check("input[name=proposer_type][value=resident]")
    page.click(SUBMIT)
    expect(page.locator("h1")).to_have_text(title)


def test_two_phones_and_the_projector(browser, page, live_server, session):
    _staff, code = _open_board(session, room=True)
    screen = page  # the wall: a browser of its own, beside the two phones
    screen.set_viewport_size({"width": 1280, "height": 800})
    screen.goto(f"{live_server}/b/bylab/screen?lang=en")
    expect(screen.locator(".code")).to_have_text(code)
    assert axe_violations(screen) == []
    phones = [new_context(browser), new_context(browser)]
    pages = [p.new_page() for p in phones]
    for page in pages:
        page.goto(f"{live_server}/b/bylab?lang=en")
        page.fill("#code", code.lower())
        page.click("form[action$='/room'] button")
        expect(page.locator(".notice")).to_be_visible()
    _post_idea(pages[0], live_server, "Benker langs elva")
    expect(screen.locator("#live")).to_contain_text("Benker langs elva", timeout=10000)
    _post_idea(pages[1], live_server, "Lys i parken", lang="uk")
    expect(screen.locator("#live")).to_contain_text("Lys i parken", timeout=10000)
    # each supports the other's idea, twice: only the first counts
    for page, title in ((pages[0], "Lys i parken"), (pages[1], "Benker langs elva")):
        page.goto(f"{live_server}/b/bylab?lang=en")
        page.get_by_role("button", name=f"Support {title}").click()
        expect(page.locator(".notice")).to_contain_text("Thank you for your support")
        page.get_by_role("button", name=f"Support {title}").click()
        expect(page.locator(".notice")).to_contain_text("You support this idea already")
        page.get_by_role("link", name=title).click()
        expect(page.locator("body")).to_contain_text("You support this idea.")
    expect(screen.locator(".totals")).to_have_text(re.compile(r"Ideas: 2 · Supports: 2"), timeout=10000)
    expect(screen.locator("#live li", has_text="Benker langs elva")).to_contain_text("Supports: 1")
    session.rollback()
    assert session.exec(select(func.count()).select_from(Support)).one() == 2
    for context in phones:
        context.close()


def test_phone_without_javascript_posts_supports_comments_and_replies(page_nojs, live_server, session):
    _open_board(session)
    page = page_nojs
    page.goto(f"{live_server}/b/bylab?lang=en")
    page.click("text=Post an idea")
    page.click(SUBMIT)  # empty: messages, nothing lost
    expect(page.locator("#title-error")).to_be_visible()
    page.fill("#title", "Benker langs elva")
    page.fill("#description", "Flere benker.")
    page.check("input[name=themes][value=moving_around]")
    page.check("input[name=actors][value=municipality]")
    page.check("input[name=proposer_type][value=organisation]")
    page.fill("#proposer_name", "Velforeningen")
    page.click(SUBMIT)
    expect(page.locator(".notice")).to_contain_text("Your idea is on the board")
    page.click("text=Support this idea")
    expect(page.locator(".notice")).to_contain_text("Thank you for your support")
    page.fill("#c-body", "Enig!")
    page.click("button:has-text('Send')")
    expect(page.locator(".comment")).to_contain_text("Enig!")
    page.click("summary:has-text('Reply')")
    page.locator("textarea[name=body]").first.fill("Takk!")
    page.locator("form:has(input[name=parent_id]) button").click()
    expect(page.locator(".reply")).to_contain_text("Takk!")
    page.reload()  # reloading after the post sends nothing again
    session.rollback()
    assert session.exec(select(func.count()).select_from(Idea)).one() == 1


def _fill(page, title: str) -> None:
    page.fill("#title", title)
    page.fill("#description", "Sendt to ganger.")
    page.check("input[name=themes][value=moving_around]")
    page.check("input[name=actors][value=together]")
    page.check("input[name=proposer_type][value=resident]")


def test_a_form_sent_again_after_a_dropped_connection_stores_one_idea(page, live_server, session):
    _open_board(session)
    page.goto(f"{live_server}/b/bylab/new")
    form_html = page.content()  # the form as served, with its hidden client-made id
    _fill(page, "Tunnel")
    dropped = []

    def drop_first(route):
        # The server stores the idea, then the connection drops before the answer arrives.
        if not dropped:
            dropped.append(route.fetch(max_redirects=0).status)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/b/bylab/ideas", drop_first)
    page.click(SUBMIT)
    expect(page).not_to_have_url(re.compile(r"/i/"))
    assert dropped == [303]
    page.goto(f"{live_server}/b/bylab/new")
    page.evaluate("html => { document.open(); document.write(html); document.close(); }", form_html)
    _fill(page, "Tunnel")
    page.click(SUBMIT)
    expect(page.locator("h1")).to_have_text("Tunnel")
    session.rollback()
    assert session.exec(select(func.count()).select_from(Idea)).one() == 1


def test_script_typed_into_every_field_stays_text(page, live_server, session):
    staff, _code = _open_board(session)
    dialogs = []

    def seen(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    try:
        _type_script_everywhere(page, live_server)
    finally:
        page.remove_listener("dialog", seen)
    assert dialogs == []


def _type_script_everywhere(page, live_server: str) -> None:
    page.goto(f"{live_server}/b/bylab/new?lang=en")
    for field in ("#title", "#description", "#place", "#proposer_name"):
        page.fill(field, SCRIPT)
    page.check("input[name=themes][value=moving_around]")
    page.check("input[name=actors][value=together]")
    page.check("input[name=proposer_type][value=resident]")
    page.click(SUBMIT)
    expect(page.locator("h1")).to_have_text(SCRIPT)
    page.fill("#c-body", SCRIPT)
    page.fill("#c-name", SCRIPT)
    page.click("button:has-text('Send')")
    expect(page.locator(".comment p.text")).to_have_text(SCRIPT)
    page.click("summary:has-text('Report')")
    page.fill("#reason", SCRIPT)
    page.click("button:has-text('Report')")
    expect(page.locator(".notice")).to_be_visible()
    for path in ("/b/bylab", "/b/bylab/screen", page.url.split("?")[0]):
        page.goto(live_server + path if path.startswith("/") else path)
        assert page.evaluate("window.pwned") is None
    page.goto(f"{live_server}/b/bylab/screen")
    expect(page.locator("#live .t")).to_have_text(SCRIPT)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe(page, live_server, session, lang):
    staff, _code = _open_board(session, room=True)
    context = page.context
    page.goto(f"{live_server}/b/bylab?lang={lang}")
    assert axe_violations(page) == [], "board with room code"
    page.fill("#code", "WRONG")
    page.click("form[action$='/room'] button")
    expect(page.locator("#code-error")).to_be_visible()
    assert axe_violations(page) == [], "wrong room code"
    staff.post(
        "/staff/boards/bylab/settings",
        data={
            "moderation": "post",
            "room": "none",
            "is_open": "1",
            "csrf": _csrf(staff, "/staff/boards/bylab"),
        },
    )
    page.goto(f"{live_server}/b/bylab?lang={lang}")
    page.click("a.button")
    page.click(SUBMIT)
    expect(page.locator("#title-error")).to_be_visible()
    assert axe_violations(page) == [], "idea form with errors"
    page.fill("#title", "Benker")
    page.fill("#description", "Flere benker.")
    page.check("input[name=themes][value=moving_around]")
    page.check("input[name=actors][value=together]")
    page.check("input[name=proposer_type][value=resident]")
    page.click(SUBMIT)
    page.fill("#c-body", "Enig")
    page.locator("form[action$='/comments'] button").last.click()
    page.click("details summary >> nth=0")
    assert axe_violations(page) == [], "idea page with a comment"
    page.goto(f"{live_server}/b/bylab?lang={lang}")
    assert axe_violations(page) == [], "board with an idea"
    page.goto(f"{live_server}/b/bylab/screen?lang={lang}")
    assert axe_violations(page) == [], "projector"
    for name, value in staff.cookies.items():
        context.add_cookies([{"name": name, "value": value, "url": live_server}])
    for path in ("/staff/boards", "/staff/boards/bylab"):
        page.goto(f"{live_server}{path}?lang={lang}")
        expect(page).to_have_url(re.compile(path + r"\?"))  # logged in, not sent to the login page
        assert axe_violations(page) == [], path


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)
