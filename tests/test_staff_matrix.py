"""The permission matrix, cell by cell: every role against every action.

EXPECTED is written out by hand (not copied from MATRIX), so a change to the matrix must be
made twice, on purpose. Actions with a staff page are checked through real HTTP requests as a
logged-in user of that role; the rest (pages other domains build) through `allowed()`.
"""

import pytest
from sqlmodel import select

from app.auth import ROLES
from app.auth.permissions import MATRIX, allowed
from app.models import Campaign, User
from tests.conftest import make_staff
from tests.staff_support import campaign_form, logged_in, post_form

A, F, N = "admin", "facilitator", "analyst"
EXPECTED = {
    "staff.home": {A, F, N},
    "users.manage": {A},
    "sessions.revoke": {A},
    "campaigns.view": {A, F, N},
    "campaigns.create": {A, F},
    "campaigns.edit": {A, F},
    "outreach.manage": {A, F},
    "invitations.create": {A, F},
    "fieldwork.record": {A, F},
    "paper.enter": {A, F},
    "results.view": {A, F, N},
    "results.export": {A, F, N},
    "population.upload": {A, N},
    "comments.moderate": {A, F, N},
    "boards.manage": {A, F},
    "ideas.moderate": {A, F},
    "workshops.manage": {A, F},
    "tokens.manage": {A},
    "responses.delete": {A, F},
    "campaigns.delete": {A},
    "outcomes.view": {A, F, N},
    "outcomes.manage": {A, F},
    "units.manage": {A},
    "sustainability.view": {A, F, N},
    "sustainability.manage": {A, F},
    "funding.manage": {A},
    "dilemmas.run": {A, F},
    "classes.run": {A, F},
    "organisation.brand": {A},
}
# action -> (method, url) of a staff page guarded by exactly that action
PAGES = {
    "staff.home": ("GET", "/staff"),
    "users.manage": ("GET", "/staff/admin/users"),
    "sessions.revoke": ("POST", "/staff/admin/users/{target}/revoke"),
    "campaigns.view": ("GET", "/staff/campaigns/{slug}"),
    "campaigns.create": ("GET", "/staff/campaigns/new"),
    "campaigns.edit": ("GET", "/staff/campaigns/{slug}/edit"),
    "outreach.manage": ("GET", "/staff/campaigns/{slug}/outreach"),
    "invitations.create": ("GET", "/staff/campaigns/{slug}/invitations"),
    "fieldwork.record": ("GET", "/staff/campaigns/{slug}/sessions/new"),
    "paper.enter": ("GET", "/staff/campaigns/{slug}/paper/entry"),
    "tokens.manage": ("GET", "/staff/admin/tokens"),
    "responses.delete": ("GET", "/staff/campaigns/{slug}/responses/delete"),
    "campaigns.delete": ("GET", "/staff/campaigns/{slug}/delete"),
    "sustainability.view": ("GET", "/staff/sustainability"),
    "funding.manage": ("GET", "/staff/sustainability/funding/new"),
    "dilemmas.run": ("GET", "/staff/dilemmas/new"),
    "classes.run": ("GET", "/staff/classes/new"),
    "organisation.brand": ("GET", "/staff/admin/branding"),
}


def test_matrix_lists_exactly_the_expected_actions():
    assert set(MATRIX) == set(EXPECTED)
    assert set(ROLES) == {A, F, N}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_every_cell_through_allowed(role, action):
    assert allowed(role, action) == (role in EXPECTED[action])


def test_unknown_actions_are_refused():
    assert not any(allowed(role, "no.such.action") for role in ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_every_cell_with_a_page_through_http(session, role):
    owner, _ = logged_in(session, "admin")
    assert post_form(owner, "/staff/campaigns/new", campaign_form()).status_code == 303
    slug = session.exec(select(Campaign)).one().slug
    target_name, _ = make_staff(session, role="analyst")
    target = session.exec(select(User).where(User.username == target_name)).one()
    client, _ = logged_in(session, role)
    seen = {}
    for action, (method, url) in PAGES.items():
        url = url.format(slug=slug, target=target.id)
        r = post_form(client, url, {}) if method == "POST" else client.get(url, follow_redirects=False)
        seen[action] = r.status_code
    expected = {
        action: ((303 if PAGES[action][0] == "POST" else 200) if role in EXPECTED[action] else 403)
        for action in PAGES
    }
    assert seen == expected
    session.rollback()  # "log out everywhere" wrote meanwhile: read afresh
    anonymous = logged_in(session, role)[0]
    anonymous.cookies.clear()
    for _action, (method, url) in PAGES.items():
        if method == "GET":
            r = anonymous.get(url.format(slug=slug, target=target.id), follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/staff/login")
