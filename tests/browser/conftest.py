"""Browser fixtures: the real app served by uvicorn on a free port, driven by Debian's Chromium,
with axe-core (bundled by axe-playwright-python) for accessibility checks."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from app.main import app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(database) -> Iterator[str]:
    """The app on a real socket, sharing the test database."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
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
    """A fresh browser profile: phone-sized unless told otherwise."""
    kwargs.setdefault("viewport", PHONE)
    return browser.new_context(java_script_enabled=javascript, **kwargs)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript on."""
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_nojs(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript off."""
    context = new_context(browser, javascript=False)
    yield context.new_page()
    context.close()


_axe = Axe()


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the current page, as readable lines.

    With JavaScript off the page cannot run axe, so callers check such pages in a JS-on context.
    """
    # resultTypes: axe still runs every rule, but details only the violations (about twice as fast)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "best-practice"]},
               "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
