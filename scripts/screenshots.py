"""`make screenshots`: a PNG of every resident and results screen at 360 px, into var/screens/.

Starts the app on a fresh SQLite database with the demo campaign (in a temporary folder), walks
the resident survey in Bokmål and Arabic and the public and staff results with Debian's headless
Chromium, and saves full-page screenshots for review. Nothing is asserted here: the browser tests
in tests/browser check the pages; this is for people to look at.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screens"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own http:// address)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the app did not start at {url}")


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(f"  {name}.png")


def _resident(page: Page, base: str, lang: str) -> None:
    page.goto(f"{base}/k/demo?lang={lang}&area=sentrum")
    _shot(page, f"resident-{lang}-01-landing")
    page.click("form button[type=submit]")
    page.wait_for_url("**/tema/1*")
    for n in range(1, 15):
        page.goto(f"{base}/k/demo/tema/{n}?lang={lang}")
        if n == 2:
            page.check("input[name=score][value='5']")  # shows the chosen state
        _shot(page, f"resident-{lang}-02-theme-{n:02d}")
    page.goto(f"{base}/k/demo/tema/1?lang={lang}")
    page.fill("#f-good", "x" * 5000)
    page.click("button[value=next] >> nth=0")
    page.wait_for_load_state()
    _shot(page, f"resident-{lang}-03-theme-error")
    page.fill("#f-good", "Fin park")
    page.check("input[name=score][value='6']")
    page.click("button[value=next] >> nth=0")
    page.wait_for_url("**/tema/2*")
    page.goto(f"{base}/k/demo/om-deg?lang={lang}")
    _shot(page, f"resident-{lang}-04-profile")
    page.click("button[value=send]")
    page.wait_for_url("**/takk*")
    _shot(page, f"resident-{lang}-05-thanks")
    page.goto(f"{base}/k/demo/fortsett/{'x' * 40}?lang={lang}")
    _shot(page, f"resident-{lang}-06-resume-link-gone")
    page.goto(f"{base}/finnes-ikke?lang={lang}")
    _shot(page, f"resident-{lang}-07-not-found")


def _lost_cookie(browser, base: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/k/demo?lang=uk&area=sentrum")
    page.click("form button[type=submit]")
    page.wait_for_url("**/tema/1*")
    page.check("input[name=score][value='4']")
    context.clear_cookies()
    page.click("button[value=next] >> nth=0")
    page.wait_for_load_state()
    _shot(page, "resident-uk-08-lost-cookie")
    context.close()


def _results(page: Page, base: str) -> None:
    for lang in ("nb", "ar"):
        page.goto(f"{base}/r/demo?lang={lang}")
        _shot(page, f"results-{lang}-public")
    user, password = (Path(os.environ["MEDVIRK_VAR_DIR"]) / "demo-login.txt").read_text().split()
    page.goto(f"{base}/staff/login")
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff")
    for name, path in (("index", ""), ("compass", "/demo"), ("compare-age", "/demo?compare=age_band"),
                       ("comments", "/demo/comments"), ("population", "/demo/population")):
        page.goto(f"{base}/staff/results{path}")
        _shot(page, f"results-staff-{name}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="medvirk-screens-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work}/screens.db", "MEDVIRK_VAR_DIR": str(work),
           "MEDVIRK_BASE_URL": base}
    os.environ.update(env)
    subprocess.run([str(BIN / "medvirk"), "setup"], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [str(BIN / "medvirk"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"{base}/healthz")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for lang in ("nb", "ar"):  # without JavaScript: every step is a plain page load, no races
                context = browser.new_context(viewport=PHONE, java_script_enabled=False)
                _resident(context.new_page(), base, lang)
                context.close()
            _lost_cookie(browser, base)
            context = browser.new_context(viewport=PHONE)
            _results(context.new_page(), base)
            context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"screens written to {OUT}")


if __name__ == "__main__":
    main()
