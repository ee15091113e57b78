"""One base URL: `medvirk serve` on a port that is not 8000 prints every link with that port, down
to the QR code on a poster, decoded from its pixels."""

import csv
import html
import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cairosvg
import httpx
import pytest
import zxingcpp
from PIL import Image

from app.config import PACKAGE
from tests.helpers import free_port, http, http_get, wait_until_up
from tests.staff_support import PASSWORD, campaign_form, logged_in, post_form

pytestmark = pytest.mark.any_database  # what it checks does not depend on the database

ROOT = PACKAGE.parent


class Server:
    """A `medvirk serve` process on the test database, with its log in a file."""

    def __init__(self, proc: subprocess.Popen, base: str, log: Path) -> None:
        self.proc, self.base, self.log = proc, base, log

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(60)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def served(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
           ready: str = "/readyz") -> Iterator[Server]:
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k != "MEDVIRK_BASE_URL"}
    environ.update(env or {})
    log = tmp_path / f"server-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from app.cli import main; main()", "serve", "--port", str(port), *args],
            cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_up(server.base + ready, proc, server.log_text)
        yield server
    finally:
        server.stop()


class Browser:
    """An HTTP client that keeps cookies itself: a server whose base URL is https marks them
    Secure, and a test talks plain http to it."""

    def __init__(self, base: str) -> None:
        self.base, self.jar = base, {"lang": "en"}

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        cookie = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        with http() as c:
            r = c.request(method, self.base + path, headers={"Cookie": cookie}, timeout=120, **kwargs)
        self.jar.update(r.cookies)
        return r

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> httpx.Response:
        return self.request("POST", path, data=data)


def csrf_of(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def staff_login(base: str, username: str) -> Browser:
    browser = Browser(base)
    form = browser.get("/staff/login")
    r = browser.post("/staff/login", data={"username": username, "password": PASSWORD,
                                           "csrf": csrf_of(form.text), "next": "/staff"})
    assert r.status_code == 303, r.text
    return browser


def decode_qr(svg: bytes) -> str:
    png = cairosvg.svg2png(bytestring=svg, output_width=600, output_height=600, background_color="white")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1, "exactly one QR code on the image"
    return found[0].text


def test_a_poster_qr_code_served_on_another_port_opens_that_port(session, tmp_path):
    admin, username = logged_in(session, "admin")
    assert post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027")).status_code == 303
    with served(tmp_path) as server:
        port = server.base.rsplit(":", 1)[1]
        assert port != "8000"
        staff = staff_login(server.base, username)
        poster = staff.get("/staff/campaigns/sentrum-2027/poster?area=sentrum")
        assert poster.status_code == 200
        src = html.unescape(re.search(r'<img src="([^"]+qr\.svg[^"]*)"', poster.text).group(1))
        svg = staff.get(src)
        assert svg.status_code == 200
        expected = f"http://127.0.0.1:{port}/k/sentrum-2027?area=sentrum"
        assert decode_qr(svg.content) == expected
        assert expected in poster.text
        # The link works: the QR code opens the survey on this very server.
        assert http_get(decode_qr(svg.content), timeout=30).status_code == 200

        # Its second code follows up: the page of what came of the answers, on this server too.
        src = html.unescape(re.search(r'<img src="([^"]+qr\.svg\?followup[^"]*)"', poster.text).group(1))
        followup = decode_qr(staff.get(src).content)
        assert followup == f"http://127.0.0.1:{port}/oppfolging/sentrum-2027/sentrum"
        assert http_get(followup, timeout=30).status_code == 200

        # Invitation codes downloaded as CSV carry the same address.
        page = staff.get("/staff/campaigns/sentrum-2027/invitations")
        made = staff.post("/staff/campaigns/sentrum-2027/invitations",
                          data={"count": "3", "csrf": csrf_of(page.text)})
        assert made.status_code == 200, made.text
        rows = list(csv.DictReader(io.StringIO(made.text.lstrip("\ufeff"))))
        assert len(rows) == 3
        assert all(r["link"].startswith(f"http://127.0.0.1:{port}/k/sentrum-2027?code=") for r in rows)


def test_a_base_url_set_once_wins_over_host_and_port(session, tmp_path):
    """Behind a proxy the address residents see is not the one the app listens on."""
    admin, username = logged_in(session, "admin")
    assert post_form(admin, "/staff/campaigns/new", campaign_form(title="Sentrum 2027")).status_code == 303
    with served(tmp_path, env={"MEDVIRK_BASE_URL": "https://medvirk.example.no"}) as server:
        staff = staff_login(server.base, username)
        svg = staff.get("/staff/campaigns/sentrum-2027/qr.svg")
        assert decode_qr(svg.content) == "https://medvirk.example.no/k/sentrum-2027"
