"""Staff login, logout and revocation over HTTP, with CSRF."""

import re

from sqlmodel import select

from app.auth.sessions import revoke_all
from app.models import User
from tests.conftest import make_staff


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client, username, password="correct horse battery"):
    form = client.get("/staff/login")
    return client.post("/staff/login", data={"username": username, "password": password,
                                              "csrf": csrf_of(form.text), "next": "/staff"},
                       follow_redirects=False)


def test_login_logout_and_revoke(client, session):
    username, _ = make_staff(session, role="facilitator")
    assert client.get("/staff", follow_redirects=False).status_code == 303
    r = login(client, username)
    assert r.status_code == 303 and r.headers["location"] == "/staff"
    home = client.get("/staff")
    assert home.status_code == 200 and username in home.text
    client.post("/staff/logout", data={"csrf": csrf_of(home.text)})
    assert client.get("/staff", follow_redirects=False).status_code == 303
    login(client, username)
    assert client.get("/staff").status_code == 200
    user = session.exec(select(User).where(User.username == username)).one()
    assert revoke_all(session, user.id) == 1
    session.commit()  # services only flush now; the test ends this unit of work
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_wrong_password_keeps_username_and_gives_no_session(client, session):
    username, _ = make_staff(session)
    r = login(client, username, password="nope")
    assert r.status_code == 400
    assert f'value="{username}"' in r.text
    assert "staff" not in r.cookies


def test_login_without_csrf_is_refused(client, session):
    username, _ = make_staff(session)
    r = client.post("/staff/login", data={"username": username, "password": "correct horse battery"})
    assert r.status_code == 403


def test_login_redirect_stays_on_site(client, session):
    username, _ = make_staff(session)
    form = client.get("/staff/login")
    r = client.post("/staff/login", follow_redirects=False, data={
        "username": username, "password": "correct horse battery", "csrf": csrf_of(form.text),
        "next": "https://evil.example/"})
    assert r.headers["location"] == "/staff"
