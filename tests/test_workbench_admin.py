"""The workbench's administration over HTTP: organisations made by a super-admin, invitations and
password resets by one-time links (browser and CLI), archive, restore, copy and delete, and the
audit log that lists it all without any resident's words."""

import re
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select
from typer.testing import CliRunner

from app.cli import cli
from app.db import unit_of_work
from app.main import app
from app.models import Area, AuditEvent, Board, Campaign, LoginLink, Organisation, User, Workshop
from app.models.common import utcnow
from tests.client import TestClient
from tests.staff_support import csrf_of, logged_in, post_form
from tests.workbench_support import make_campaign

LINK = re.compile(r"/staff/password/([A-Za-z0-9_\-]+)")
NEW_PASSWORD = "a brand new password"


def login(client, username: str, password: str):
    form = client.get("/staff/login")
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )


def set_password(client, token: str, password: str = NEW_PASSWORD, repeat: str | None = None):
    page = client.get("/staff/login")  # a live link's page may be gone; the login page has the token
    return client.post(
        f"/staff/password/{token}",
        data={
            "password": password,
            "repeat": password if repeat is None else repeat,
            "csrf": csrf_of(page.text),
        },
        follow_redirects=False,
    )


def write(statement) -> None:
    with unit_of_work() as s:
        s.exec(statement)


def make_superadmin(session, username: str) -> None:
    write(update(User).where(User.username == username).values(is_superadmin=True))


def test_a_superadmin_makes_an_organisation_whose_first_admin_sets_a_password_once(session):
    client, name = logged_in(session, role="admin")
    assert client.get("/staff/admin/organisations").status_code == 403  # an admin is no super-admin
    make_superadmin(session, name)
    bad = post_form(client, "/staff/admin/organisations", {"name": "X", "slug": "Not ok", "username": "?"})
    assert bad.status_code == 400 and 'value="Not ok"' in bad.text
    made = post_form(
        client,
        "/staff/admin/organisations",
        {"name": "Nordvik kommune", "slug": "nordvik", "username": "nordvik-admin"},
    )
    assert made.status_code == 200 and "Nordvik kommune" in made.text
    token = LINK.search(made.text).group(1)
    stored = session.exec(select(LoginLink)).one()
    assert token not in stored.token_hash  # only the hash is kept
    org = session.exec(select(Organisation).where(Organisation.slug == "nordvik")).one()
    admin = session.exec(select(User).where(User.username == "nordvik-admin")).one()
    assert admin.organisation_id == org.id and admin.role == "admin" and admin.password_hash is None
    other = TestClient(app)
    assert set_password(other, token, repeat="something else").status_code == 400
    assert set_password(other, token).status_code == 303
    assert set_password(other, token).status_code == 404  # once only
    assert login(other, "nordvik-admin", NEW_PASSWORD).status_code == 303
    assert "Nordvik kommune" in client.get("/staff/admin/organisations").text
    log = client.get("/staff/admin/audit").text
    assert "Organisation created" in log and "nordvik-admin" in log


def test_reset_links_from_the_admin_page_and_the_cli_work_once_and_expire(session):
    client, _ = logged_in(session, role="admin")
    other, victim = logged_in(session, role="facilitator")
    victim_id = session.exec(select(User.id).where(User.username == victim)).one()
    session.rollback()  # no read transaction held open while the app writes
    page = post_form(client, f"/staff/admin/users/{victim_id}/reset", {}, page="/staff/admin/users")
    first = LINK.search(page.text).group(1)
    out = CliRunner().invoke(cli, ["user", "reset", victim])
    assert out.exit_code == 0, out.output
    second = LINK.search(out.output).group(1)
    assert set_password(other, first).status_code == 404  # the newer link replaced it
    assert set_password(other, second).status_code == 303
    assert other.get("/staff", follow_redirects=False).status_code == 303  # their old session ended
    assert login(other, victim, NEW_PASSWORD).status_code == 303
    third = LINK.search(CliRunner().invoke(cli, ["user", "reset", victim]).output).group(1)
    write(update(LoginLink).values(expires_at=utcnow() - timedelta(minutes=1)))
    assert set_password(other, third).status_code == 404
    assert CliRunner().invoke(cli, ["user", "reset", "nobody-here"]).exit_code == 1
    actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count("user.reset") == 3 and actions.count("user.password") == 1


def test_an_invited_user_sets_a_password_by_link(session):
    client, _ = logged_in(session, role="admin")
    page = post_form(
        client,
        "/staff/admin/users",
        {"username": "ny-kollega", "role": "analyst", "password": ""},
        page="/staff/admin/users",
    )
    assert page.status_code == 200
    other = TestClient(app)
    assert set_password(other, LINK.search(page.text).group(1)).status_code == 303
    assert login(other, "ny-kollega", NEW_PASSWORD).status_code == 303


def test_a_campaign_is_copied_archived_restored_and_deleted_and_the_log_lists_it(session):
    client, name = logged_in(session, role="admin")
    source = make_campaign(name)
    bad = post_form(client, f"/staff/campaigns/{source.slug}/copy", {"title": "", "slug": source.slug})
    assert bad.status_code == 400
    copied = post_form(
        client, f"/staff/campaigns/{source.slug}/copy", {"title": "Sentrum 2029", "slug": "sentrum-2029"}
    )
    assert (
        copied.status_code == 303
        and copied.headers["location"] == "/staff/campaigns/sentrum-2029?done=copied"
    )
    session.rollback()  # a fresh snapshot: the app wrote meanwhile
    copy = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2029")).one()
    assert copy.status == "draft" and copy.locales == source.locales
    assert sorted(session.exec(select(Area.name).where(Area.campaign_id == copy.id)).all()) == [
        "Nordbyen",
        "Sentrum",
    ]

    refused = post_form(client, f"/staff/campaigns/{source.slug}/archive", {})
    assert refused.status_code == 409  # open: close it first
    assert post_form(client, "/staff/campaigns/sentrum-2029/archive", {}).status_code == 303
    assert "Sentrum 2029" not in client.get("/staff/campaigns").text
    assert "Sentrum 2029" in client.get("/staff/admin/archive").text
    assert post_form(client, "/staff/campaigns/sentrum-2029/archive", {"restore": "1"}).status_code == 303
    assert "Sentrum 2029" in client.get("/staff/campaigns").text
    wrong = post_form(client, "/staff/campaigns/sentrum-2029/delete", {"confirm": "nope"})
    assert wrong.status_code == 400
    assert (
        post_form(client, "/staff/campaigns/sentrum-2029/delete", {"confirm": "sentrum-2029"}).status_code
        == 303
    )
    session.rollback()  # a fresh snapshot: the app wrote meanwhile
    assert session.exec(select(Campaign.slug)).all() == [source.slug]
    log = client.get("/staff/admin/audit?kind=campaign").text
    for label in ("Campaign copied", "Campaign archived", "Campaign restored", "Campaign deleted"):
        assert label in log
    csv = client.get("/staff/admin/audit.csv")
    assert csv.text.startswith("\ufefftime_utc,user,action") and csv.text.count("campaign.") == 4
    assert name in csv.text


def test_boards_and_workshops_are_archived_copied_and_deleted(session):
    client, name = logged_in(session, role="admin")
    campaign = make_campaign(name)
    board = Board(
        slug="torget", campaign_id=campaign.id, organisation_id=campaign.organisation_id, title="Torget"
    )
    workshop = Workshop(
        organisation_id=campaign.organisation_id,
        title="Verksted",
        code="ABCDEFGHJK",
        campaign_ids=[campaign.id],
        board_ids=[],
    )
    session.add(board)
    session.add(workshop)
    session.commit()
    board_id = board.id
    workshop.board_ids = [board_id]
    session.add(workshop)
    session.commit()
    assert post_form(client, "/staff/boards/torget/title", {"title": "Torget i sentrum"}).status_code == 303
    assert post_form(client, "/staff/boards/torget/archive", {}).status_code == 303
    assert "Torget i sentrum" not in client.get("/staff/boards").text
    assert "Copy as a template for a new workshop" in client.get(f"/staff/workshops/{workshop.id}/admin").text
    copied = post_form(client, f"/staff/workshops/{workshop.id}/copy", {"title": "Verksted 2"})
    assert copied.status_code == 303
    session.rollback()  # a fresh snapshot: the app wrote meanwhile
    twin = session.exec(select(Workshop).where(Workshop.title == "Verksted 2")).one()
    assert twin.code != workshop.code and twin.campaign_ids == [campaign.id]
    assert post_form(client, "/staff/boards/torget/delete", {"confirm": "torget"}).status_code == 303
    session.rollback()  # a fresh snapshot: the app wrote meanwhile
    assert session.get(Board, board_id) is None
    assert session.get(Workshop, workshop.id).board_ids == []  # taken out of the workshop too
    twin_id = twin.id
    assert (
        post_form(client, f"/staff/workshops/{twin_id}/delete", {"confirm": str(twin_id)}).status_code == 303
    )
    session.rollback()  # a fresh snapshot: the app wrote meanwhile
    assert session.get(Workshop, twin_id) is None
    kinds = set(session.exec(select(AuditEvent.action)).all())
    assert {"board.rename", "board.archive", "board.delete", "workshop.copy", "workshop.delete"} <= kinds


def test_other_organisations_and_roles_cannot_touch_it(session):
    client, _ = logged_in(session, role="admin", org="annenby")
    analyst, _ = logged_in(session, role="analyst")
    _, owner = logged_in(session, role="admin")
    slug = make_campaign(owner, status="closed").slug
    assert post_form(client, f"/staff/campaigns/{slug}/archive", {}).status_code == 404
    assert post_form(analyst, f"/staff/campaigns/{slug}/archive", {}).status_code == 403
    assert analyst.get("/staff/admin/audit").status_code == 403
    assert client.get("/staff/password/not-a-real-token").status_code == 404


def test_the_user_list_comes_in_pages(session):
    client, name = logged_in(session, role="admin")
    with unit_of_work() as s:
        org = s.exec(select(User.organisation_id).where(User.username == name)).one()
        s.add_all([User(username=f"kollega-{n:03d}", role="analyst", organisation_id=org) for n in range(60)])
    first = client.get("/staff/admin/users")  # 50 a page: the admin and 49 colleagues
    assert first.text.count("Deactivate kollega-") == 49 and 'rel="next"' in first.text
    second = client.get("/staff/admin/users?page=2")
    assert second.text.count("Deactivate kollega-") == 11 and 'rel="prev"' in second.text


def test_the_cli_makes_a_superadmin(session):
    out = CliRunner().invoke(cli, ["user", "create", "sjef", "--role", "admin", "--organisation", "nordvik",
                                   "--superadmin"])
    assert out.exit_code == 0 and "super-admin" in out.output
    assert session.exec(select(User.is_superadmin).where(User.username == "sjef")).one() is True
    session.rollback()  # no read transaction held open while the CLI writes
    assert CliRunner().invoke(cli, ["user", "create", "vanlig", "--role", "analyst"]).exit_code == 0
    session.rollback()
    assert session.exec(select(User.is_superadmin).where(User.username == "vanlig")).one() is False
