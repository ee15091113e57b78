"""The pages this work added, in real Chromium with axe-core: tokens (with a new token shown),
deleting a campaign and a response (with a refused confirmation), at tablet and phone width."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.models import User
from tests.browser.conftest import axe_violations
from tests.conftest import make_staff
from tests.helpers import response_body
from tests.staff_support import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 800, "height": 1280}, {"width": 320, "height": 640}])
def test_token_and_deletion_pages_pass_axe(page, live_server, session, client, viewport):
    username, _ = make_staff(session, role="admin")
    user = session.exec(select(User).where(User.username == username)).one()
    create_campaign(session, CampaignIn(slug="axe", title="Sentrum 2027", survey="stedskompasset",
                                        status="open", areas=[AreaIn(slug="sentrum", name="Sentrum")]), user)
    session.commit()
    body = response_body()
    assert client.post("/api/v1/campaigns/axe/responses", json=body).status_code == 201
    page.set_viewport_size(viewport)
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/staff")
    found = {}
    for path in ("/staff/admin/tokens", "/staff/campaigns/axe/delete",
                 "/staff/campaigns/axe/responses/delete",
                 f"/staff/campaigns/axe/responses/delete?id={body['id']}", "/staff/campaigns/axe"):
        assert page.goto(live_server + path).status == 200, path
        found[path] = axe_violations(page)
    page.goto(f"{live_server}/staff/admin/tokens")
    page.fill("#name", "rapport")
    page.click("form[action='/staff/admin/tokens'] button[type=submit]")
    found["new token"] = axe_violations(page)
    assert page.locator("code").count() == 1
    page.goto(f"{live_server}/staff/campaigns/axe/delete")
    page.fill("#confirm", "feil")
    page.click("form[action='/staff/campaigns/axe/delete'] button[type=submit]")
    expect(page.locator("#confirm-error")).to_be_visible()
    found["refused"] = axe_violations(page)
    assert found == {key: [] for key in found}
