"""Results in a real browser: the public page and the staff results pages pass axe-core, work
without JavaScript, and a planner can moderate and download."""

import pytest
from sqlmodel import Session

from app.db import get_engine
from app.results.disclosure import cut
from tests.browser.conftest import axe_violations
from tests.results_helpers import add, campaign

pytestmark = pytest.mark.browser


@pytest.fixture
def data():
    with Session(get_engine()) as s:
        c, u = campaign(s, "bres", results_public=True)
        for i in range(6):
            add(s, c, u, 2 + i % 3, area="sentrum", profile={"age_band": "25-34"}, good="Fin park")
            add(s, c, u, 5, area="nord", profile={"age_band": "67-79"}, better="Mer lys, ring 41234567")
        add(s, c, u, 6, area="nord", mode="workshop", group="Ungdom", consensus=True)
        assert cut(s, c) is not None  # the public page shows releases, not live figures
        s.commit()
        return u.username


def _login(page, live_server, username):
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")


@pytest.mark.parametrize("lang", ["nb", "ar"])
def test_public_results_page_is_accessible(page, live_server, data, lang):
    page.goto(f"{live_server}/r/bres?lang={lang}")
    assert page.locator("figure.compass svg").count() == 1
    assert page.locator("table.results tbody tr").count() == 14
    assert axe_violations(page) == []


def test_public_page_without_javascript(page_nojs, live_server, data):
    page_nojs.goto(f"{live_server}/r/bres")
    assert page_nojs.locator("svg path[stroke-dasharray]").count() >= 1  # second series dashed
    assert page_nojs.locator("text=41234567").count() == 0


def test_planner_compares_moderates_and_downloads(page, live_server, data):
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, data)
    page.goto(f"{live_server}/staff/results/bres")
    assert page.locator("table.results thead th").count() == 4  # theme, two areas, consensus
    assert axe_violations(page) == []
    page.select_option("#compare", "age_band")
    page.click("form.filters button[type=submit]")
    assert "compare=age_band" in page.url
    assert axe_violations(page) == []
    with page.expect_download() as d:
        page.click("text=PNG")
    assert d.value.suggested_filename.endswith(".png")
    page.goto(f"{live_server}/staff/results/bres/comments?theme=moving_around&kind=better")
    assert page.locator("text=[phone hidden]").count() == 6  # in the page's language (English)
    assert axe_violations(page) == []
    page.locator("ul.comments li").first.locator(
        "form:has(input[name=status][value=approved]) button").click()
    page.wait_for_url("**/comments?**")
    page.goto(f"{live_server}/r/bres")
    assert page.locator("text=Mer lys, ring [phone hidden]").count() == 1
    page.goto(f"{live_server}/staff/results/bres/population")
    assert axe_violations(page) == []
