"""Migrations, survey definition loading, the CLI and the catalogs."""

from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.catalog import Catalog
from sqlmodel import SQLModel, select
from typer.testing import CliRunner

from app.cli import cli
from app.common.security import hash_token
from app.db import get_engine
from app.i18n.catalogs import merged, problems
from app.models import ApiToken
from app.surveys.definitions import DefinitionError, load_file

SURVEY = Path(__file__).resolve().parent.parent / "surveys" / "stedskompasset.yaml"


def test_migrations_match_the_models():
    with get_engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def _broken(tmp_path, change) -> Path:
    data = yaml.safe_load(SURVEY.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "stedskompasset.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["themes"][2]["name"].pop("se"), "themes.2.name: missing ['se']"),
        (lambda d: d["themes"][0].update(group="nowhere"), "themes.0.group: unknown group"),
        (lambda d: d["scale"].pop("min_label"), "scale.min_label: Field required"),
        (lambda d: d["profile"][0]["options"].pop(), "profile.0: Value error, options must include"),
        (lambda d: d["themes"][1].update(prompts=["only one"]), "themes.1.prompts"),
        (lambda d: d.update(colour="blue"), "colour: Extra inputs are not permitted"),
    ],
)
def test_broken_definition_names_file_field_and_problem(tmp_path, change, expected):
    path = _broken(tmp_path, change)
    with pytest.raises(DefinitionError) as err:
        load_file(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_setup_stops_on_a_broken_definition(tmp_path, monkeypatch):
    from app.config import get_settings
    from app.surveys.definitions import load_all

    path = _broken(tmp_path, lambda d: d["themes"][3].pop("question"))
    monkeypatch.setattr(get_settings(), "surveys_dir", path.parent)
    load_all.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["setup", "--no-demo-data"])
    finally:
        load_all.cache_clear()
    assert result.exit_code == 1
    assert "themes.3.question: Field required" in result.output


def test_user_and_token_commands(session):
    runner = CliRunner()
    made = runner.invoke(cli, ["user", "create", "kari", "--role", "facilitator"])
    assert made.exit_code == 0, made.output
    out = runner.invoke(cli, ["token", "create", "--user", "kari", "--name", "test"])
    assert out.exit_code == 0, out.output
    token = out.output.strip()
    stored = session.exec(select(ApiToken)).one()
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    assert runner.invoke(cli, ["user", "create", "ola", "--role", "boss"]).exit_code == 1
    assert runner.invoke(cli, ["token", "create", "--user", "nobody", "--name", "test"]).exit_code == 1


@pytest.mark.any_database
def test_catalogs_are_fresh_and_complete():
    assert problems() == []


def test_a_new_string_reaches_other_languages_empty_not_as_english():
    """`catalogs update` merges one template into every language, English first: the English fill
    (msgstr = msgid) must not leak into the languages merged after it, where the check would take
    an English copy for a translation."""
    template = Catalog(locale="en", domain="staff")
    template.add("Save the new words")
    english = merged(Catalog(locale="en", domain="staff"), template, "en")
    sami = merged(Catalog(locale="se", domain="staff"), template, "se")
    assert english["Save the new words"].string == "Save the new words"
    assert not sami["Save the new words"].string


def test_front_page_within_budget_in_every_language(client):
    from tests.helpers import page_weight

    for lang in ("nb", "nn", "en", "se", "uk", "ar"):
        assert page_weight(client, f"/?lang={lang}") <= 12 * 1024


def test_security_headers_on_pages(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_static_files_have_hashed_names_and_immutable_caching(client):
    import re

    href = re.search(r'href="(/static/css/site\.[0-9a-f]{10}\.css)"', client.get("/").text).group(1)
    r = client.get(href)
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]
    assert client.get("/static/css/site.css").status_code == 404
