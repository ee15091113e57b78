"""Browser fixtures: the real app served by uvicorn on a free port, driven by Debian's Chromium,
with axe-core (bundled by axe-playwright-python) for accessibility checks."""

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from starlette.types import ASGIApp, Receive, Scope, Send

from app.main import app

# Debian's chromium-headless-shell (scripts/test-deps installs it): the same Chromium, without the
# desktop browser around it, as Playwright's own headless mode runs; a new profile costs it a fifth of
# what it costs the full browser, a page load and an axe run about a third less. The full browser
# does the same work where the shell is missing.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# axe-core, as axe-playwright-python bundles it.
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_bytes()
AXE_PATH = "/__tests__/axe.min.js"
_SERVED_AXE: set[str] = set()  # the origins whose pages load axe from AXE_PATH


class _WithAxe:
    """The app, and axe-core's script at AXE_PATH for the tests (the app never serves it): a page
    loads it as a script of its own origin, which Chromium caches compiled, in half the time of
    sending its 570 kB through Playwright for every check."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != AXE_PATH:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/javascript"), (b"cache-control", b"max-age=86400, immutable")]})
        await send({"type": "http.response.body", "body": AXE_SCRIPT})


@pytest.fixture(scope="session")
def live_server(database) -> Iterator[str]:
    """The app on a real socket, sharing the test database."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(_WithAxe(app), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    _SERVED_AXE.add(f"http://127.0.0.1:{port}")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        # Never a skip: a page nobody looked at must not pass as checked.
        pytest.fail("Debian's chromium is missing; install it (as root) with: bash scripts/test-deps",
                    pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def new_context(browser: Browser, javascript: bool = True, **kwargs) -> BrowserContext:
    """A fresh browser profile: phone-sized and in US English unless told otherwise (the full browser
    asks for en-US by itself; the headless shell sends no Accept-Language unless told)."""
    kwargs.setdefault("viewport", PHONE)
    kwargs.setdefault("locale", "en-US")
    return browser.new_context(java_script_enabled=javascript, **kwargs)


class _Tabs:
    """One browser profile and tab per test process for JavaScript on, one for JavaScript off, handed
    to test after test: a new profile costs Chromium a renderer process and about a core-second,
    reusing the tab a page load. Between tests everything a test could leave behind is wiped: the
    site's cookies and storage (local and session storage, IndexedDB, service workers, caches),
    permissions, routes, the offline switch, the viewport and the timeouts. Tests that check what
    a fresh or a second device sees, or use listeners or print media, make their own profile with
    new_context()."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base = browser, base
        self.pages: dict[bool, Page] = {}

    def take(self, javascript: bool) -> Page:
        page = self.pages.get(javascript)
        if page is None or page.is_closed():
            page = new_context(self.browser, javascript=javascript).new_page()
            self.pages[javascript] = page
        return page

    def give_back(self, javascript: bool) -> None:
        page = self.pages[javascript]
        try:
            page.goto("about:blank")  # leaves the site: open event streams close
            context = page.context
            context.set_offline(False)
            cdp = context.new_cdp_session(page)
            cdp.send("Storage.clearDataForOrigin", {"origin": self.base, "storageTypes": "all"})
            cdp.detach()
            context.clear_cookies()
            context.clear_permissions()
            context.unroute_all()
            page.unroute_all()
            page.set_viewport_size(PHONE)
            page.set_default_timeout(30000)
            page.set_default_navigation_timeout(30000)
        except Exception:  # a test that broke the tab leaves it closed: the next one gets a new one
            self.close(javascript)

    def close(self, javascript: bool) -> None:
        page = self.pages.pop(javascript, None)
        if page is not None:
            page.context.close()


@pytest.fixture(scope="session")
def _tabs(browser: Browser, live_server: str) -> Iterator[_Tabs]:
    tabs = _Tabs(browser, live_server)
    yield tabs
    for javascript in list(tabs.pages):
        tabs.close(javascript)


@pytest.fixture
def page(_tabs: _Tabs) -> Iterator[Page]:
    """A phone-sized page with JavaScript on, in a profile with nothing stored for the site."""
    yield _tabs.take(True)
    _tabs.give_back(True)


@pytest.fixture
def page_nojs(_tabs: _Tabs) -> Iterator[Page]:
    """A phone-sized page with JavaScript off, in a profile with nothing stored for the site."""
    yield _tabs.take(False)
    _tabs.give_back(False)


def shared_page(request: pytest.FixtureRequest, javascript: bool) -> Page:
    """The `page` or `page_nojs` fixture, for a test parametrized on JavaScript."""
    return request.getfixturevalue("page" if javascript else "page_nojs")


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the current page, as readable lines.

    With JavaScript off the page cannot run axe, so callers check such pages in a JS-on context.
    """
    # A click that navigates returns once the new page is committed, before it is parsed (no <head>
    # yet to add a script to) or styled (colour contrast needs its stylesheets): wait for its load.
    page.wait_for_load_state("load")
    if any(page.url.startswith(origin + "/") for origin in _SERVED_AXE):
        page.add_script_tag(url=AXE_PATH)
    else:
        page.evaluate(AXE_SCRIPT.decode())
    # resultTypes: axe still runs every rule, but details only the violations (about twice as fast)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "best-practice"]},
               "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
    if os.environ.get("AXE_LOG"):
        _log_check(page, os.environ["AXE_LOG"])
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})" for v in violations]


def _log_check(page: Page, path: str) -> None:
    """With AXE_LOG=<file>: one line per check naming what was checked (the page's path with ids
    and codes as placeholders, its language, width, heading and whether it shows errors), so the
    set of checked pages can be compared before and after a change to the tests."""
    where = re.sub(r"^https?://[^/]+", "", page.url)
    where = re.sub(r"/\d+(?=/|\?|$)", "/{id}", where)
    where = re.sub(r"/[A-Z0-9]{6,}(?=/|\?|$)", "/{code}", where)
    where = re.sub(r"([?&])(id|campaign)=[^&]+", r"\1\2={id}", where)
    facts = page.evaluate("""() => ({lang: document.documentElement.lang,
        h1: (document.querySelector('h1') || {}).textContent || '',
        errors: document.querySelectorAll('[aria-invalid=true], .error-summary, #error-summary')
                  .length > 0})""")
    line = {"test": os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0], "page": where,
            "lang": facts["lang"], "width": (page.viewport_size or {}).get("width"),
            "h1": " ".join(facts["h1"].split())[:60], "errors": facts["errors"]}
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
