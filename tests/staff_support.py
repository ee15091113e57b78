"""Shared by the staff tests: log a user in through the real login form, post forms with CSRF."""

import re

from app.main import app
from tests.client import TestClient
from tests.conftest import make_staff

PASSWORD = "correct horse battery"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def logged_in(session, role: str = "admin", org: str = "testby") -> tuple[TestClient, str]:
    """A new client logged in as a new user with this role; returns (client, username)."""
    username, _ = make_staff(session, role=role, org=org)
    client = TestClient(app)
    client.cookies.set("lang", "en")  # assertions below read the English msgids
    form = client.get("/staff/login")
    r = client.post(
        "/staff/login",
        data={"username": username, "password": PASSWORD, "csrf": csrf_of(form.text), "next": "/staff"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client, username


def post_form(client: TestClient, url: str, data: dict | list, page: str | None = None, **kwargs):
    """POST a form with the CSRF token taken from a page (by default the staff start page)."""
    token = csrf_of(client.get(page or "/staff").text)
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    form: dict[str, list[str]] = {}
    for key, value in [*pairs, ("csrf", token)]:
        form.setdefault(key, []).append(value)
    return client.post(url, data=form, follow_redirects=False, **kwargs)


def campaign_form(title: str = "Sentrum 2027", areas: str = "Sentrum\nNordbyen", **extra) -> list:
    """A valid new-campaign form as a browser posts it (checkboxes repeat their name)."""
    data = [
        ("title", title),
        ("slug", ""),
        ("survey", "stedskompasset"),
        ("areas", areas),
        ("locales", "nb"),
        ("locales", "en"),
        ("locales", "ar"),
        ("profile", "age_band"),
        ("opens_on", "2027-03-01"),
        ("closes_on", "2027-04-30"),
        ("status", "open"),
        ("results_public", "1"),
        ("previous", ""),
    ]
    for key, value in extra.items():
        data = [(k, v) for k, v in data if k != key] + (
            [(key, v) for v in value] if isinstance(value, list) else [(key, value)]
        )
    return data
