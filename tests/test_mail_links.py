"""One-time password links by e-mail when SMTP is configured: a real local SMTP server (aiosmtpd)
receives the invitation and the reset, only after the link is committed, and the e-mailed link
works exactly once; a failing server leaves a clear message and a printed link that works; a bad
address changes nothing; without SMTP the page prints the link as before."""

import email
import re
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import update
from sqlmodel import Session, select

from app.db import get_engine
from app.main import app
from app.models import LoginLink, User
from tests.client import TestClient
from tests.helpers import free_port
from tests.staff_support import logged_in, post_form
from tests.test_workbench_admin import NEW_PASSWORD, login, set_password, write

LINK = re.compile(r"https?://\S+/staff/password/([A-Za-z0-9_\-]+)")


class Inbox:
    """An aiosmtpd handler that keeps each message and what the database held when it came."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.links_committed: list[int] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        with Session(get_engine()) as s:  # another connection: sees only what is committed
            self.links_committed.append(len(s.exec(select(LoginLink)).all()))
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on 127.0.0.1 that wants a login, and the settings that point at it."""
    inbox = Inbox()
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"hemmelig")

    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    for key, value in {"HOST": "127.0.0.1", "PORT": str(port), "USER": "medvirk", "PASSWORD": "hemmelig",
                       "FROM": "medvirk@kommune.no", "STARTTLS": "false"}.items():
        monkeypatch.setenv(f"MEDVIRK_SMTP_{key}", value)
    inbox.logins = logins  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


def body(message: Message) -> str:
    return message.get_payload(decode=True).decode()  # type: ignore[union-attr]


def test_an_invitation_is_emailed_after_the_commit_and_its_link_works_once(session, smtp):
    client, _ = logged_in(session, role="admin")
    form = client.get("/staff/admin/users").text
    assert 'name="email"' in form
    page = post_form(client, "/staff/admin/users",
                     {"username": "ny-kollega", "role": "analyst", "password": "", "email": "ny@kommune.no"},
                     page="/staff/admin/users")
    assert page.status_code == 200 and "e-mailed to ny@kommune.no" in page.text
    [message] = smtp.messages
    assert message["To"] == "ny@kommune.no" and message["From"] == "medvirk@kommune.no"
    assert smtp.logins == [(b"medvirk", b"hemmelig")]
    assert smtp.links_committed == [1]  # the link was committed before the e-mail left
    token = LINK.search(body(message)).group(1)
    assert token in page.text  # the printable link is the same one
    other = TestClient(app)
    assert set_password(other, token).status_code == 303
    assert set_password(other, token, "another long password").status_code == 404  # once only
    assert login(other, "ny-kollega", NEW_PASSWORD).status_code == 303


def test_a_reset_is_emailed_in_the_admins_language(session, smtp):
    client, admin = logged_in(session, role="admin")
    _, victim = logged_in(session, role="facilitator")
    victim_id = session.exec(select(User.id).where(User.username == victim)).one()
    session.rollback()
    write(update(User).where(User.username == admin).values(locale="nb"))  # the admin's own language
    page = post_form(client, f"/staff/admin/users/{victim_id}/reset", {"email": "glemsk@kommune.no"},
                     page="/staff/admin/users")
    assert page.status_code == 200 and "glemsk@kommune.no" in page.text
    [message] = smtp.messages
    assert message["Subject"] == "Nytt passord til Medvirk" and victim in body(message)
    token = LINK.search(body(message)).group(1)
    assert set_password(TestClient(app), token).status_code == 303
    assert login(TestClient(app), victim, NEW_PASSWORD).status_code == 303


def test_a_failing_server_leaves_a_clear_message_and_a_printed_link_that_works(session, smtp, monkeypatch):
    monkeypatch.setenv("MEDVIRK_SMTP_PASSWORD", "feil")  # the server refuses the login
    # After the refusal smtplib tries its next mechanism, which aiosmtpd never answers: the send
    # ends at the timeout, so a short one (a server that stops answering is a failure too).
    monkeypatch.setenv("MEDVIRK_SMTP_TIMEOUT", "1.5")
    client, _ = logged_in(session, role="admin")
    page = post_form(client, "/staff/admin/users",
                     {"username": "uten-post", "role": "analyst", "password": "", "email": "u@kommune.no"},
                     page="/staff/admin/users")
    assert page.status_code == 200 and 'id="mail-error"' in page.text and "could not be sent" in page.text
    assert smtp.messages == []
    monkeypatch.setenv("MEDVIRK_SMTP_PORT", str(free_port()))  # nobody listens there
    _, victim = logged_in(session, role="facilitator")
    victim_id = session.exec(select(User.id).where(User.username == victim)).one()
    session.rollback()
    reset = post_form(client, f"/staff/admin/users/{victim_id}/reset", {"email": "x@kommune.no"},
                      page="/staff/admin/users")
    assert reset.status_code == 200 and "could not be sent" in reset.text
    for printed in (page.text, reset.text):
        token = re.search(r"/staff/password/([A-Za-z0-9_\-]+)", printed).group(1)
        assert set_password(TestClient(app), token).status_code == 303


@pytest.mark.parametrize("address", ["ikke-en-adresse", "a@b", "a@kommune.no, b@kommune.no",
                                     "x@kommune.no\r\nBcc: y@evil.example", "ø" * 300 + "@kommune.no"])
def test_a_bad_address_changes_nothing_and_keeps_the_form(session, smtp, address):
    client, _ = logged_in(session, role="admin")
    page = post_form(client, "/staff/admin/users",
                     {"username": "ny-kollega", "role": "analyst", "password": "", "email": address},
                     page="/staff/admin/users")
    assert page.status_code == 400 and "e-mail address" in page.text and 'value="ny-kollega"' in page.text
    session.rollback()
    assert session.exec(select(User).where(User.username == "ny-kollega")).first() is None
    assert session.exec(select(LoginLink)).all() == [] and smtp.messages == []
    victim_id = session.exec(select(User.id)).first()
    reset = post_form(client, f"/staff/admin/users/{victim_id}/reset", {"email": address},
                      page="/staff/admin/users")
    assert reset.status_code == 400 and session.exec(select(LoginLink)).all() == []


def test_without_smtp_the_link_is_printed_as_before(session, monkeypatch):
    monkeypatch.delenv("MEDVIRK_SMTP_HOST", raising=False)
    client, _ = logged_in(session, role="admin")
    assert 'name="email"' not in client.get("/staff/admin/users").text
    page = post_form(client, "/staff/admin/users",
                     {"username": "ny-kollega", "role": "analyst", "password": "", "email": "ny@kommune.no"},
                     page="/staff/admin/users")
    assert page.status_code == 200 and "e-mailed" not in page.text and "mail-error" not in page.text
    token = re.search(r"/staff/password/([A-Za-z0-9_\-]+)", page.text).group(1)
    assert set_password(TestClient(app), token).status_code == 303


def test_a_new_organisations_first_admin_is_invited_by_email(session, smtp):
    client, boss = logged_in(session, role="admin")
    write(update(User).where(User.username == boss).values(is_superadmin=True))
    url = "/staff/admin/organisations"
    bad = post_form(client, url, {"name": "Nordvik kommune", "slug": "nordvik", "username": "nordvik-admin",
                                  "email": "ikke en adresse"}, page=url)
    assert bad.status_code == 400 and 'value="Nordvik kommune"' in bad.text
    session.rollback()
    assert session.exec(select(User).where(User.username == "nordvik-admin")).first() is None
    page = post_form(client, url, {"name": "Nordvik kommune", "slug": "nordvik", "username": "nordvik-admin",
                                   "email": "admin@nordvik.kommune.no"}, page=url)
    assert page.status_code == 200 and 'id="mailed"' in page.text
    [message] = smtp.messages
    assert message["To"] == "admin@nordvik.kommune.no" and smtp.links_committed == [1]
    token = LINK.search(body(message)).group(1)
    assert set_password(TestClient(app), token).status_code == 303
    assert login(TestClient(app), "nordvik-admin", NEW_PASSWORD).status_code == 303
