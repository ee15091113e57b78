"""Staff accounts in the browser: login throttling and the admin's user pages."""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from app.auth import throttle
from app.models import LoginFailure, StaffSession, User
from app.models.common import utcnow
from tests.conftest import make_staff
from tests.staff_support import PASSWORD, csrf_of, logged_in, post_form


def attempt(client, username, password):
    form = client.get("/staff/login")
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )


def test_five_wrong_passwords_lock_the_username_until_the_window_passes(client, session):
    username, _ = make_staff(session)
    for _ in range(throttle.MAX_PER_USERNAME):
        assert attempt(client, username, "wrong").status_code == 400
    locked = attempt(client, username, PASSWORD)
    assert locked.status_code == 429 and "staff" not in locked.cookies
    assert f'value="{username}"' in locked.text
    # Age the failures past the window: the right password works again.
    session.exec(update(LoginFailure).values(failed_at=utcnow() - throttle.WINDOW - timedelta(minutes=1)))
    session.commit()
    assert attempt(client, username, PASSWORD).status_code == 303


def test_a_success_clears_the_username_count(client, session):
    username, _ = make_staff(session)
    for _ in range(throttle.MAX_PER_USERNAME - 1):
        attempt(client, username, "wrong")
    assert attempt(client, username, PASSWORD).status_code == 303
    assert attempt(client, username, "wrong").status_code == 400
    assert attempt(client, username, PASSWORD).status_code == 303


def test_one_client_guessing_many_usernames_is_locked_out(client, session):
    real, _ = make_staff(session)
    for i in range(throttle.MAX_PER_CLIENT):
        assert attempt(client, f"guess{i}", "wrong").status_code == 400
    assert attempt(client, real, PASSWORD).status_code == 429


def test_throttle_rows_hold_no_address_or_username(client, session):
    attempt(client, "kari", "wrong")
    rows = session.exec(select(LoginFailure)).all()
    assert len(rows) == 3  # per account and client, per account, per address (app/auth/throttle.py)
    assert all(
        "kari" not in r.key_hash and "testclient" not in r.key_hash and len(r.key_hash) == 64 for r in rows
    )


def test_admin_creates_a_user_who_can_log_in(session):
    admin, _ = logged_in(session, "admin")
    page = admin.get("/staff/admin/users")
    assert page.status_code == 200
    r = post_form(
        admin,
        "/staff/admin/users",
        {"username": "kari.n", "role": "facilitator", "password": "a long enough secret"},
        "/staff/admin/users",
    )
    assert r.status_code == 303
    user = session.exec(select(User).where(User.username == "kari.n")).one()
    assert user.role == "facilitator" and user.password_hash.startswith("$argon2")
    assert attempt(admin, "kari.n", "a long enough secret").status_code == 303


def test_bad_new_user_shows_every_problem_and_keeps_the_username(session):
    admin, existing = logged_in(session, "admin")
    r = post_form(
        admin,
        "/staff/admin/users",
        {"username": "Kari Nordmann!", "role": "boss", "password": "short"},
        "/staff/admin/users",
    )
    assert r.status_code == 400
    assert 'id="username-error"' in r.text and 'id="role-error"' in r.text and 'id="password-error"' in r.text
    assert (
        'value="Kari Nordmann!"' in r.text and "short" not in r.text.split("<form")[-1].split("password")[-1]
    )
    taken = post_form(
        admin,
        "/staff/admin/users",
        {"username": existing, "role": "analyst", "password": "a long enough secret"},
        "/staff/admin/users",
    )
    assert taken.status_code == 400 and 'id="username-error"' in taken.text
    assert session.exec(select(User)).all().__len__() == 1


def test_deactivating_logs_the_user_out_and_stops_login(session):
    admin, _ = logged_in(session, "admin")
    other, name = logged_in(session, "facilitator")
    assert other.get("/staff").status_code == 200
    target = session.exec(select(User).where(User.username == name)).one()
    r = post_form(admin, f"/staff/admin/users/{target.id}/active", {"active": "0"})
    assert r.status_code == 303
    assert other.get("/staff", follow_redirects=False).status_code == 303
    assert attempt(other, name, PASSWORD).status_code == 400
    post_form(admin, f"/staff/admin/users/{target.id}/active", {"active": "1"})
    assert attempt(other, name, PASSWORD).status_code == 303


def test_admin_revokes_sessions(session):
    admin, _ = logged_in(session, "admin")
    other, name = logged_in(session, "analyst")
    target = session.exec(select(User).where(User.username == name)).one()
    assert post_form(admin, f"/staff/admin/users/{target.id}/revoke", {}).status_code == 303
    assert other.get("/staff", follow_redirects=False).status_code == 303
    session.rollback()
    live = session.exec(
        select(StaffSession).where(StaffSession.user_id == target.id, StaffSession.revoked_at.is_(None))
    ).all()
    assert live == []


def test_admin_cannot_deactivate_themselves(session):
    admin, name = logged_in(session, "admin")
    me = session.exec(select(User).where(User.username == name)).one()
    r = post_form(admin, f"/staff/admin/users/{me.id}/active", {"active": "0"})
    assert r.status_code == 400
    assert admin.get("/staff").status_code == 200


def test_admins_see_and_change_only_their_own_municipality(session):
    admin, _ = logged_in(session, "admin", org="testby")
    stranger, name = logged_in(session, "facilitator", org="annenby")
    target = session.exec(select(User).where(User.username == name)).one()
    assert name not in admin.get("/staff/admin/users").text
    assert post_form(admin, f"/staff/admin/users/{target.id}/active", {"active": "0"}).status_code == 404
    assert post_form(admin, f"/staff/admin/users/{target.id}/revoke", {}).status_code == 404
    assert stranger.get("/staff").status_code == 200


def test_user_forms_need_csrf(session):
    admin, _ = logged_in(session, "admin")
    r = admin.post(
        "/staff/admin/users", data={"username": "x-y", "role": "analyst", "password": "a long enough secret"}
    )
    assert r.status_code == 403
    assert session.exec(select(User).where(User.username == "x-y")).first() is None
