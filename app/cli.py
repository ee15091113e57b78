"""The `medvirk` command: setup, serve, backup and restore, users, tokens and demo data."""

import os
import sys
from pathlib import Path

import typer
from sqlmodel import select

from app.admin import demo
from app.auth import ROLES
from app.auth.service import AuthError, create_token, create_user, get_or_create_organisation
from app.config import get_settings
from app.db import get_engine, unit_of_work
from app.dilemmas.scenarios import ScenarioError
from app.dilemmas.scenarios import load_all as load_scenarios
from app.ops import backup as backups
from app.ops import migrations
from app.ops.checks import startup_problems
from app.surveys.definitions import DefinitionError
from app.surveys.service import sync_definitions
from app.sustainability.content import ContentError
from app.sustainability.content import check_all as check_toolbox

cli = typer.Typer(help="Medvirk: participation platform for Norwegian municipalities.",
                  no_args_is_help=True)
user_cli = typer.Typer(help="Staff users.", no_args_is_help=True)
token_cli = typer.Typer(help="Staff API tokens.", no_args_is_help=True)
cli.add_typer(user_cli, name="user")
cli.add_typer(token_cli, name="token")


def migrate() -> None:
    """Apply every Alembic migration to the configured database."""
    migrations.upgrade()


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


@cli.command()
def setup(demo_data: bool | None = typer.Option(
        None, help="Create the demo campaign once (default: yes, except with MEDVIRK_ENV=production).")
) -> None:
    """Migrate, load the survey definitions and (once) create the demo campaign."""
    if demo_data is None:
        demo_data = get_settings().env != "production"
    if demo_data and get_settings().env == "production":
        _fail("MEDVIRK_ENV=production never holds demo data: run `medvirk setup --no-demo-data`.")
    migrate()
    with unit_of_work() as session:
        migrations.one_setup_at_a_time(session)
        try:
            surveys = sync_definitions(session)
            check_toolbox()
            load_scenarios()
        except (DefinitionError, ContentError, ScenarioError) as exc:
            _fail(f"Broken survey definition or toolbox file:\n{exc}")
        typer.echo(f"Surveys loaded: {', '.join(f'{s.slug} v{s.version}' for s in surveys)}")
        if demo_data:
            campaign = demo.ensure_demo(session)
            settings = get_settings()
            typer.echo(f"Demo campaign (DEMO DATA): {settings.base_url}/k/{campaign.slug}")
            login = demo.demo_login()
            if login:
                name, password = login.split(" ", 1)
                typer.echo(f"Demo admin login: {settings.base_url}/staff/login  "
                           f"user {name}  password {password}")


@cli.command("demo")
def demo_command(
    responses: int = typer.Option(300, help="How many synthetic responses to add."),
    campaign: str = typer.Option(demo.DEMO_SLUG, help="Campaign slug to fill."),
) -> None:
    """Add synthetic responses (marked as demo data) to a demo campaign."""
    from app.models import Campaign

    if get_settings().env == "production":
        _fail("MEDVIRK_ENV=production never holds demo data.")

    with unit_of_work() as session:
        sync_definitions(session)
        demo.ensure_demo(session, responses=0)
        row = session.exec(select(Campaign).where(Campaign.slug == campaign)).first()
        if row is None or not row.is_demo:
            _fail(f"No demo campaign '{campaign}'.")
        assert row is not None and row.id is not None
        campaign_id = row.id
    # One unit of work per chunk: a million responses are not one giant transaction.
    n = demo.load_responses(campaign_id, responses, seed=responses)
    typer.echo(f"Added {n} demo responses to '{campaign}'.")


@user_cli.command("create")
def user_create(
    name: str,
    role: str = typer.Option(..., help=f"One of: {', '.join(ROLES)}."),
    organisation: str = typer.Option("demo", help="Organisation slug (made if missing)."),
    password: bool = typer.Option(False, "--password", help="Ask for a password for web login."),
    superadmin: bool = typer.Option(False, "--superadmin",
                                    help="May create and manage every organisation in the browser."),
) -> None:
    """Make a staff user."""
    secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    with unit_of_work() as session:
        org = get_or_create_organisation(session, organisation, organisation)
        try:
            user = create_user(session, name, role, org, password=secret)
        except AuthError as exc:
            _fail(str(exc))
        if superadmin:
            user.is_superadmin = True
            session.add(user)
    typer.echo(f"User '{name}' ({role}{', super-admin' if superadmin else ''}) created.")


@user_cli.command("reset")
def user_reset(name: str) -> None:
    """Print a one-time link (24 hours) for the user to set a new password; older links stop working."""
    from app.admin import audit
    from app.auth import links
    from app.models import User

    with unit_of_work() as session:
        user = session.exec(select(User).where(User.username == name.strip())).first()
        if user is None or not user.is_active:
            _fail(f"No active user '{name}'.")
            return
        token = links.issue(session, user, "reset")
        audit.record(session, None, "user.reset", user.username, organisation_id=user.organisation_id)
    typer.echo(f"One-time link for '{name}' (works once, for 24 hours): {links.url(token)}")


@cli.command("purge")
def purge() -> None:
    """Delete what is kept no longer: one step per kind of data, each in its own transaction."""
    for step in PURGE_STEPS:
        typer.echo(step())


def purge_retention() -> str:
    """Comments and profile answers older than their campaign's retention period."""
    from app.admin.lifecycle import apply_retention

    with unit_of_work() as session:
        thinned = apply_retention(session)
    return f"Retention: comments and profile answers deleted from {thinned} responses."


def purge_drafts() -> str:
    """Unsent drafts untouched for longer than MEDVIRK_DRAFT_TTL_DAYS (the app also does this daily)."""
    from app.responses.drafts import purge_expired

    with unit_of_work() as session:
        deleted = purge_expired(session)
    return f"Drafts: {deleted} expired drafts deleted."


PURGE_STEPS = [purge_retention, purge_drafts]


@token_cli.command("create")
def token_create(user: str = typer.Option(..., help="Username."),
                 name: str = typer.Option(..., help="What the token is for, e.g. 'tablet queue'."),
                 days: int | None = typer.Option(None, help="Days until it expires (default "
                                                 "MEDVIRK_TOKEN_DAYS, 90; at most 366).")) -> None:
    """Print a new named bearer token once; only its hash is stored."""
    with unit_of_work() as session:
        try:
            token = create_token(session, user, name, days)
        except AuthError as exc:
            _fail(str(exc))
    typer.echo(token)


@token_cli.command("list")
def token_list(organisation: str = typer.Option("demo", help="Organisation slug."),
               user: str | None = typer.Option(None, help="Only this user's tokens.")) -> None:
    """List tokens: id, state, user, name, made and expiry dates (never the token itself)."""
    from app.auth.service import token_state, tokens_query
    from app.db import read_only
    from app.models import Organisation

    with read_only() as session:
        org = session.exec(select(Organisation).where(Organisation.slug == organisation)).first()
        if org is None or org.id is None:
            _fail(f"No organisation '{organisation}'.")
            return
        rows = session.exec(tokens_query(org.id, user)).all()
    for token, owner in rows:
        typer.echo(f"{token.id}\t{token_state(token)}\t{owner.username}\t{token.name or '-'}\t"
                   f"made {token.created_at.date()}\texpires {token.expires_at.date()}")


@token_cli.command("revoke")
def token_revoke(token_id: int = typer.Argument(..., help="The id from `medvirk token list`.")) -> None:
    """Revoke a token at once; it answers 401 from then on."""
    from app.auth.service import revoke_token

    if not 0 < token_id < 2**31:
        _fail(f"No token {token_id}.")
    with unit_of_work() as session:
        if revoke_token(session, None, token_id) is None:
            _fail(f"No token {token_id}.")
    typer.echo(f"Token {token_id} revoked.")


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int | None = typer.Option(None, help="Worker processes (default MEDVIRK_WORKERS, 1)."),
) -> None:
    """Serve the app; links use MEDVIRK_BASE_URL, else this host and port."""
    import uvicorn

    from app.ops.logs import logging_config

    settings = get_settings()
    if "base_url" not in settings.model_fields_set:
        # Every worker reads the same address from the environment: QR codes match the server.
        shown = f"[{host}]" if ":" in host else host
        os.environ["MEDVIRK_BASE_URL"] = f"http://{shown}:{port}"
        get_settings.cache_clear()
        settings = get_settings()
    count = workers or settings.workers
    problems = startup_problems(settings, workers=count)
    get_engine().dispose()  # no connection of this process is inherited by a worker
    if problems:
        _fail("Refusing to start (MEDVIRK_ENV=production):\n- " + "\n- ".join(problems))
    os.environ["MEDVIRK_WORKERS"] = str(count)  # the workers check the same count again
    typer.echo(f"Serving {settings.base_url} ({count} worker{'s' if count > 1 else ''})", err=True)
    uvicorn.run("app.main:app", host=host, port=port, workers=count, proxy_headers=False,
                access_log=False, server_header=False, log_config=logging_config(settings),
                timeout_graceful_shutdown=settings.shutdown_grace_seconds)


@cli.command("backup")
def backup_command(target: Path | None = typer.Argument(
        None, help="File to write (default var/backups/medvirk-<time>.sqlite3 or .pgdump).")) -> None:
    """Copy the database to a file while the app runs (SQLite online backup, or pg_dump)."""
    settings = get_settings()
    target = target or backups.default_path(settings.database_url, settings.var_dir)
    try:
        written = backups.backup(settings.database_url, target)
    except backups.BackupError as exc:
        _fail(str(exc))
    typer.echo(f"Backup written: {written}")


@cli.command("restore")
def restore_command(
    source: Path = typer.Argument(..., help="A file `medvirk backup` wrote."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask before replacing the database."),
) -> None:
    """Replace the whole database with a backup, then migrate it to this version. Stop the app first."""
    settings = get_settings()
    if not yes:
        typer.confirm(f"Replace everything in the configured database with {source}?", abort=True)
    get_engine().dispose()
    try:
        backups.restore(settings.database_url, source)
    except backups.BackupError as exc:
        _fail(str(exc))
    migrate()
    typer.echo(f"Restored {source} and migrated it to this version.")


def main() -> None:
    """Entry point of the `medvirk` script."""
    cli(sys.argv[1:])
