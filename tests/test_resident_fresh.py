"""Resident pages show a campaign as staff left it: a title or an area changed on the staff page is
on the very next page view, in every worker process (issue 18: the campaign, its organisation and
areas are read in one statement per page, and no worker keeps an old copy)."""

from tests.helpers import http
from tests.staff_support import campaign_form, logged_in, post_form
from tests.test_db_rules import two_workers  # noqa: F401  (the fixture: two uvicorn workers)

OPEN_NOW = {"opens_on": "", "closes_on": ""}


def _views(base: str, path: str, n: int = 8) -> list[str]:
    """The page `n` times on fresh connections, so both workers serve it."""
    pages = []
    for _ in range(n):
        with http(base_url=base, timeout=60) as c:
            r = c.get(path, headers={"Accept-Language": "en"})
            assert r.status_code == 200, r.status_code
            pages.append(r.text)
    return pages


def test_a_staff_edit_shows_on_the_resident_page_at_once(client, session):
    admin, _ = logged_in(session, "admin")
    assert post_form(admin, "/staff/campaigns/new", campaign_form(**OPEN_NOW)).status_code == 303
    before = client.get("/k/sentrum-2027").text
    assert "Sentrum 2027" in before and "Nordbyen" in before and "Sørbyen" not in before
    edit = campaign_form(title="Sentrum og Sørbyen 2027", **OPEN_NOW) + [("new_areas", "Sørbyen")]
    assert post_form(admin, "/staff/campaigns/sentrum-2027/edit", edit).status_code == 303
    after = client.get("/k/sentrum-2027").text
    assert "Sentrum og Sørbyen 2027" in after and "Sørbyen" in after and "Nordbyen" in after
    theme = client.get("/k/sentrum-2027/tema/1", follow_redirects=False)
    assert theme.status_code == 303  # no draft on this phone yet: back to the start page


def test_every_worker_shows_the_edit(client, session, two_workers):  # noqa: F811
    admin, _ = logged_in(session, "admin")
    assert post_form(admin, "/staff/campaigns/new", campaign_form(**OPEN_NOW)).status_code == 303
    assert all("Sentrum 2027" in p and "Sørbyen" not in p for p in _views(two_workers, "/k/sentrum-2027"))
    edit = campaign_form(title="Sentrum og Sørbyen 2027", **OPEN_NOW) + [("new_areas", "Sørbyen")]
    assert post_form(admin, "/staff/campaigns/sentrum-2027/edit", edit).status_code == 303
    pages = _views(two_workers, "/k/sentrum-2027")
    assert all("Sentrum og Sørbyen 2027" in p and "Sørbyen" in p for p in pages)
    closed = campaign_form(title="Sentrum og Sørbyen 2027", status="closed", **OPEN_NOW)
    assert post_form(admin, "/staff/campaigns/sentrum-2027/edit", closed).status_code == 303
    assert all("Sentrum og Sørbyen 2027" in p for p in _views(two_workers, "/k/sentrum-2027"))
    draft = campaign_form(title="Sentrum og Sørbyen 2027", status="draft", **OPEN_NOW)
    assert post_form(admin, "/staff/campaigns/sentrum-2027/edit", draft).status_code == 303
    with http(base_url=two_workers, timeout=60) as c:  # unpublished: no public address in any worker
        assert {c.get("/k/sentrum-2027").status_code for _ in range(6)} == {404}
