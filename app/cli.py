"""The `medvirk` command: setup, users, tokens and demo data."""

import sys

import typer
from alembic import command
from alembic.config import Config
from sqlmodel import select

from app.admin import demo
from app.auth import ROLES
from app.auth.service import AuthError, create_token, create_user, get_or_create_organisation
from app.config import ROOT, get_settings
from app.db import unit_of_work
from app.surveys.definitions import DefinitionError
from app.surveys.service import sync_definitions

cli = typer.Typer(help="Medvirk: participation platform for Norwegian municipalities.",
                  no_args_is_help=True)
user_cli = typer.Typer(help="Staff users.", no_args_is_help=True)
token_cli = typer.Typer(help="Staff API tokens.", no_args_is_help=True)
cli.add_typer(user_cli, name="user")
cli.add_typer(token_cli, name="token")


def migrate() -> None:
    """Apply every Alembic migration to the configured database."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    command.upgrade(config, "head")


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


@cli.command()
def setup(demo_data: bool = typer.Option(True, help="Create the demo campaign once.")) -> None:
    """Migrate, load the survey definitions and (once) create the demo campaign."""
    migrate()
    with unit_of_work() as session:
        try:
            surveys = sync_definitions(session)
        except DefinitionError as exc:
            _fail(f"Broken survey definition:\n{exc}")
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
) -> None:
    """Make a staff user."""
    secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    with unit_of_work() as session:
        org = get_or_create_organisation(session, organisation, organisation)
        try:
            create_user(session, name, role, org, password=secret)
        except AuthError as exc:
            _fail(str(exc))
    typer.echo(f"User '{name}' ({role}) created.")


@token_cli.command("create")
def token_create(user: str = typer.Option(..., help="Username."),
                 label: str = typer.Option("", help="What the token is for.")) -> None:
    """Print a new bearer token once; only its hash is stored."""
    with unit_of_work() as session:
        try:
            token = create_token(session, user, label)
        except AuthError as exc:
            _fail(str(exc))
    typer.echo(token)


def main() -> None:
    """Entry point of the `medvirk` script."""
    cli(sys.argv[1:])
