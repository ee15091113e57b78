"""Survey versions in real Chromium: a child answers the children's 3-point version by tapping the
drawn faces with JavaScript off, a teenager follows a youth link, and a planner sees the adults',
youth and children's results apart and side by side; every page passes axe-core."""

import pytest
from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.db import get_engine
from app.models import Answer, Campaign, Response, User
from app.results.disclosure import cut
from tests.browser.conftest import axe_violations
from tests.scales_support import PASSWORD, answer, make_campaign, themes_of

pytestmark = pytest.mark.browser
VERSIONS = ["youth", "children"]


@pytest.fixture
def campaign():
    with Session(get_engine()) as s:
        c, u = make_campaign(s, "alle", survey="stedskompasset", versions=VERSIONS, results_public=True)
        return c.id, u.username


@pytest.fixture
def filled(campaign):
    with Session(get_engine()) as s:
        c = s.get(Campaign, campaign[0])
        u = s.exec(select(User).where(User.username == campaign[1])).one()
        for i in range(5):
            answer(s, c, u, 5 + i % 3, profile={"age_band": "35-44"})
            answer(s, c, u, 3 + i % 2, survey="youth", profile={"age_band": "14-15"})
            answer(s, c, u, 1 + i % 3, survey="children", profile={"age_band": "9-10"})
        assert cut(s, c) is not None
        s.commit()
    return campaign


def test_a_child_answers_with_the_faces_and_javascript_off(page_nojs, live_server, campaign):
    page = page_nojs
    page.goto(f"{live_server}/k/alle?v=children&lang=nb")
    assert page.locator("input[name=version][value=children]").is_checked()
    page.check("input[name=area][value=sentrum]")
    page.click("form button[type=submit]")
    total = len(themes_of("children"))
    for n in range(1, total + 1):
        page.wait_for_url(f"**/k/alle/tema/{n}")
        faces = page.locator(".scale label svg[aria-hidden=true]")
        assert faces.count() == 3
        # the face is a picture beside the words: the radio is named by its text label
        if n % 2:
            page.get_by_role("radio", name="Bra", exact=True).check()
        else:  # a tap on the face (the label holds the radio, the face and the words)
            page.locator(".scale label", has_text="Sånn passe").click()
            assert page.get_by_role("radio", name="Sånn passe").is_checked()
        page.click("button[value=next] >> nth=0")
    page.wait_for_url("**/k/alle/om-deg")
    page.check("input[name=age_band][value='9-10']")
    page.click("button[value=send]")
    page.wait_for_url("**/k/alle/takk")
    with Session(get_engine()) as s:
        stored = s.exec(select(Response)).one()
        assert stored.survey_slug == "children"
        scores = {a.theme: a.score for a in s.exec(select(Answer).where(Answer.response_id == stored.id))}
        assert [scores[t] for t in themes_of("children")] == [3 if n % 2 else 2 for n in range(1, total + 1)]


def test_the_version_pages_pass_axe(page, live_server, campaign):
    page.goto(f"{live_server}/k/alle?lang=nb")
    assert page.locator("input[name=version]").count() == 3
    assert axe_violations(page) == []
    page.check("input[name=area][value=sentrum]")
    page.check("input[name=version][value=children]")
    page.click("form button[type=submit]")
    page.wait_for_url("**/k/alle/tema/1")
    assert page.locator(".scale label svg").count() == 3  # the children's first theme, which
    # test_the_childrens_version_passes_axe_in_every_language checks with axe in Bokmål too
    page.goto(f"{live_server}/k/alle?v=youth&lang=ar")
    page.check("input[name=area][value=nord]")
    page.check("input[name=version][value=youth]")
    page.click("form button[type=submit]")
    page.wait_for_url("**/k/alle/tema/1")
    assert page.locator("input[name=score]").count() == 7 + 2  # 1-7, don't know, skip
    assert axe_violations(page) == []


def test_a_planner_sees_the_versions_apart_and_side_by_side(page, live_server, filled):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", filled[1])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")
    page.goto(f"{live_server}/staff/results/alle")
    page.click("a[href='/staff/results/alle/versions']")
    page.wait_for_url("**/staff/results/alle/versions")
    side = page.locator("#versions-side-by-side")
    assert side.locator("thead th").count() == 4  # theme, adults, youth, children
    assert side.locator("tbody tr").count() == len(themes_of("children"))
    assert page.locator("section.version figure.compass svg").count() == 3
    assert axe_violations(page) == []
    page.goto(f"{live_server}/r/alle?v=children&lang=nb")
    assert page.locator("nav a[aria-current=page]").inner_text().startswith("Stedskompasset for barn")
    assert page.locator("table.results tbody tr").count() == len(themes_of("children"))
    assert axe_violations(page) == []


ELEVEN = ["nb", "nn", "en", "se", "uk", "ar", "pl", "lt", "so", "ti", "lettlest"]


@pytest.fixture
def everywhere():
    """A campaign offering the versions in all eleven resident languages."""
    with Session(get_engine()) as s:
        org = get_or_create_organisation(s, "testby", "Testby")
        user = s.exec(select(User).where(User.username == "admin-eleven")).first() or create_user(
            s, "admin-eleven", "admin", org, password=PASSWORD)
        create_campaign(s, CampaignIn(slug="elleve", title="Elleve", survey="stedskompasset", status="open",
                                      areas=[AreaIn(slug="sentrum", name="Sentrum")], versions=VERSIONS,
                                      locales=ELEVEN), user)
        s.commit()


@pytest.mark.parametrize("lang", ELEVEN)
def test_the_childrens_version_passes_axe_in_every_language(page, live_server, everywhere, lang):
    page.goto(f"{live_server}/k/elleve?v=children&lang={lang}")
    assert page.locator("input[name=version][value=children]").is_checked()
    assert axe_violations(page) == []
    page.click("form button[type=submit]")
    page.wait_for_url("**/k/elleve/tema/1*")
    assert page.locator(".scale label svg").count() == 3
    assert axe_violations(page) == []
