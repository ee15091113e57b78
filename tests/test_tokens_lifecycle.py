"""API tokens: named, expiring, listed and revoked in the browser and the CLI; deactivation and
"log out everywhere" revoke them and reactivation revives none. A dead token answers 401."""

import re
from datetime import timedelta

from sqlmodel import select
from typer.testing import CliRunner

from app.cli import cli
from app.models import ApiToken, User
from app.models.common import utcnow
from tests.conftest import make_staff
from tests.helpers import campaign_body
from tests.staff_support import logged_in, post_form

TOKENS = "/staff/admin/tokens"
PROBE = "/api/v1/campaigns"  # creating a campaign needs a live token of an admin or facilitator


def works(client, token: str, slug: str) -> int:
    return client.post(PROBE, json=campaign_body(slug=slug, status="draft"),
                       headers={"Authorization": f"Bearer {token}"}).status_code


def user_named(session, name: str) -> User:
    session.rollback()
    return session.exec(select(User).where(User.username == name)).one()


def test_cli_makes_named_expiring_tokens_lists_and_revokes_them(client, session):
    name, _ = make_staff(session, "facilitator", org="demo")
    runner = CliRunner()
    made = runner.invoke(cli, ["token", "create", "--user", name, "--name", "nettbrett", "--days", "7"])
    assert made.exit_code == 0, made.output
    token = made.output.strip()
    assert works(client, token, "a1") == 201
    session.rollback()
    row = session.exec(select(ApiToken).where(ApiToken.name == "nettbrett")).one()
    assert timedelta(days=6, hours=23) < row.expires_at - utcnow() <= timedelta(days=7)
    listed = runner.invoke(cli, ["token", "list", "--organisation", "demo", "--user", name])
    assert listed.exit_code == 0 and "nettbrett" in listed.output and "live" in listed.output
    assert token not in listed.output  # only the hash is kept, and never printed again
    assert runner.invoke(cli, ["token", "revoke", str(row.id)]).exit_code == 0
    assert works(client, token, "a2") == 401
    assert "revoked" in runner.invoke(cli, ["token", "list", "--organisation", "demo"]).output
    for bad in (["token", "revoke", "999999"], ["token", "revoke", "99999999999"],
                ["token", "create", "--user", name, "--name", "x", "--days", "0"],
                ["token", "create", "--user", name, "--name", "x", "--days", "400"],
                ["token", "create", "--user", "nobody", "--name", "x"]):
        result = runner.invoke(cli, bad)
        assert result.exit_code == 1 and "Traceback" not in result.output, bad


def test_an_expired_token_answers_401(client, session):
    _, token = make_staff(session, "admin")
    assert works(client, token, "b1") == 201
    session.rollback()
    row = session.exec(select(ApiToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert works(client, token, "b2") == 401


def test_deactivation_and_log_out_everywhere_revoke_tokens_for_good(client, session):
    admin, _ = logged_in(session, "admin")
    name, token = make_staff(session, "facilitator")
    target = user_named(session, name)
    assert works(client, token, "c1") == 201
    r = post_form(admin, f"/staff/admin/users/{target.id}/active", {"active": "0"}, "/staff/admin/users")
    assert r.status_code == 303
    assert works(client, token, "c2") == 401
    post_form(admin, f"/staff/admin/users/{target.id}/active", {"active": "1"}, "/staff/admin/users")
    assert user_named(session, name).is_active
    assert works(client, token, "c3") == 401  # reactivation revives no token
    session.rollback()
    mine = session.exec(select(ApiToken).where(ApiToken.user_id == target.id)).all()
    assert mine and all(t.revoked_at is not None for t in mine)
    # A token made after reactivation works, until "log out everywhere".
    fresh = CliRunner().invoke(cli, ["token", "create", "--user", name, "--name", "ny"]).output.strip()
    assert works(client, fresh, "c4") == 201
    r = post_form(admin, f"/staff/admin/users/{target.id}/revoke", {}, "/staff/admin/users")
    assert r.status_code == 303
    assert works(client, fresh, "c5") == 401


def test_admin_pages_make_list_and_revoke_tokens(client, session):
    admin, _ = logged_in(session, "admin")
    name, _ = make_staff(session, "facilitator")
    page = admin.get("/staff/admin/tokens")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    bad = post_form(admin, TOKENS, {"username": name, "name": "", "days": "ti"}, TOKENS)
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    session.rollback()
    before = len(session.exec(select(ApiToken)).all())
    made = post_form(admin, "/staff/admin/tokens", {"username": name, "name": "rapport", "days": "30"},
                     "/staff/admin/tokens")
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    token = re.search(r"<code>([^<]+)</code>", made.text).group(1)
    assert works(client, token, "d1") == 201
    session.rollback()
    assert len(session.exec(select(ApiToken)).all()) == before + 1  # the bad form made none
    listing = admin.get("/staff/admin/tokens").text
    assert "rapport" in listing and token not in listing
    session.rollback()
    row = session.exec(select(ApiToken).where(ApiToken.name == "rapport")).one()
    # Another municipality's admin cannot see or revoke it.
    other, _ = logged_in(session, "admin", org="annenby")
    assert "rapport" not in other.get("/staff/admin/tokens").text
    assert post_form(other, f"{TOKENS}/{row.id}/revoke", {}, TOKENS).status_code == 404
    assert works(client, token, "d2") == 201
    for odd in ("0", "-1", "99999999999"):
        assert post_form(admin, f"{TOKENS}/{odd}/revoke", {}, TOKENS).status_code in (404, 422)
    r = post_form(admin, f"/staff/admin/tokens/{row.id}/revoke", {}, "/staff/admin/tokens")
    assert r.status_code == 303
    assert works(client, token, "d3") == 401
