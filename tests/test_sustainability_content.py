"""Toolbox content files: a broken worksheet or funding file stops start-up naming file, field and problem;
a stored worksheet keeps the content version it was filled in with."""

from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from app.config import get_settings
from app.db import unit_of_work
from app.main import app
from app.models.sustainability import Worksheet, WorksheetContent
from app.sustainability import content, service
from app.sustainability.content import ContentError, load_file
from app.sustainability.service import WorksheetForm
from tests.client import TestClient

pytestmark = pytest.mark.any_database  # what it checks does not depend on the database

TOOLBOX = Path(__file__).resolve().parent.parent / "toolbox"
SHEETS = TOOLBOX / "worksheets" / "baerekrafthjelperen.yaml"


def _copy(tmp_path: Path, change_sheets=None, change_funding=None) -> Path:  # type: ignore[no-untyped-def]
    """A toolbox folder with the shipped files, changed."""
    sheets = yaml.safe_load(SHEETS.read_text(encoding="utf-8"))
    funding = yaml.safe_load((TOOLBOX / "funding.yaml").read_text(encoding="utf-8"))
    (change_sheets or (lambda d: None))(sheets)
    (change_funding or (lambda d: None))(funding)
    (tmp_path / "worksheets").mkdir()
    (tmp_path / "worksheets" / "baerekrafthjelperen.yaml").write_text(
        yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8"
    )
    (tmp_path / "funding.yaml").write_text(yaml.safe_dump(funding, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.fixture
def toolbox(monkeypatch):  # type: ignore[no-untyped-def]
    """Point the settings at another toolbox folder for one test, and back."""

    def use(folder: Path) -> None:
        monkeypatch.setattr(get_settings(), "toolbox_dir", folder)
        content.load_all_sheets.cache_clear()
        content.starter_funding.cache_clear()

    yield use
    monkeypatch.undo()
    content.load_all_sheets.cache_clear()
    content.starter_funding.cache_clear()


def test_the_shipped_files_are_valid_and_marked_as_examples():
    content.check_all()
    sheets = content.load_all_sheets()["baerekrafthjelperen"]
    assert sheets.example and {"nb", "nn", "en"} <= set(sheets.locales)
    assert [p.slug for p in sheets.plan_levels] == [
        "kunnskapsgrunnlag",
        "planstrategi",
        "samfunnsdel",
        "arealplanlegging",
        "handlingsplan",
        "saksbehandling",
    ]
    assert [d.slug for d in sheets.dimensions] == ["klima_miljo", "sosial", "okonomisk"]
    assert sheets.theme("bolig").compass == ["housing_community"]  # type: ignore[union-attr]
    starter = content.starter_funding()
    assert starter is not None and starter.example
    assert all(s.url.startswith("https://") and s.deadline for s in starter.schemes)


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: d["dimensions"][1]["themes"][0]["name"].pop("nn"),
            "dimensions.1.themes.0.name: missing ['nn']",
        ),
        (lambda d: d["dimensions"][0]["themes"][2].pop("rule"), "dimensions.0.themes.2.rule: Field required"),
        (
            lambda d: d["dimensions"][2]["themes"][0].update(compass=["harbour"]),
            "dimensions.2.themes.0.compass: unknown Stedskompasset theme 'harbour'",
        ),
        (
            lambda d: d["plan_levels"][5]["questions"].update(sykkel={"nb": "a", "nn": "b", "en": "c"}),
            "plan_levels.5.questions.sykkel: unknown theme 'sykkel'",
        ),
        (
            lambda d: d["plan_levels"][3]["questions"]["natur"].update(de="Natur"),
            "plan_levels.3.questions.natur: unknown locales ['de']",
        ),
        (lambda d: d.update(version=0), "version: Input should be greater than or equal to 1"),
        (lambda d: d.update(colour="green"), "colour: Extra inputs are not permitted"),
        (
            lambda d: d["dimensions"][0]["themes"].append(d["dimensions"][0]["themes"][0]),
            "themes: slugs must be unique",
        ),
    ],
)
def test_a_broken_worksheet_file_names_file_field_and_problem(tmp_path, change, expected):
    folder = _copy(tmp_path, change)
    path = folder / "worksheets" / "baerekrafthjelperen.yaml"
    with pytest.raises(ContentError) as err:
        load_file(path)
    assert str(path) in str(err.value) and expected in str(err.value)


def test_a_broken_file_stops_start_up(tmp_path, toolbox):
    toolbox(_copy(tmp_path, lambda d: d["dimensions"][0]["themes"][1].pop("question")))
    with pytest.raises(ContentError) as err, TestClient(app):
        pass
    message = str(err.value)
    assert (
        "baerekrafthjelperen.yaml" in message and "dimensions.0.themes.1.question: Field required" in message
    )


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: d["schemes"][0].update(theme="bolig"),
            "schemes.0.theme: 'bolig' is not a theme of 'klima_miljo'",
        ),
        (
            lambda d: d["schemes"][2].update(url="www.example.no"),
            "schemes.2.url: String should match pattern",
        ),
        (lambda d: d["schemes"][1].pop("deadline"), "schemes.1.deadline: Field required"),
        (
            lambda d: d["schemes"][3].update(dimension="kultur"),
            "schemes.3.dimension: unknown dimension 'kultur'",
        ),
    ],
)
def test_a_broken_funding_file_stops_start_up(tmp_path, toolbox, change, expected):
    toolbox(_copy(tmp_path, change_funding=change))
    with pytest.raises(ContentError) as err, TestClient(app):
        pass
    assert "funding.yaml" in str(err.value) and expected in str(err.value)


def test_unreadable_yaml_and_a_wrong_slug(tmp_path, toolbox):
    folder = _copy(tmp_path, lambda d: d.update(slug="annet"))
    with pytest.raises(ContentError, match="slug: 'annet' must match the file name"):
        load_file(folder / "worksheets" / "baerekrafthjelperen.yaml")
    (folder / "worksheets" / "baerekrafthjelperen.yaml").write_text("title: [unclosed", encoding="utf-8")
    toolbox(folder)
    with pytest.raises(ContentError, match="cannot read YAML"), TestClient(app):
        pass


def test_a_worksheet_keeps_the_version_it_was_filled_in_with(session, tmp_path, toolbox):
    from app.auth.service import get_or_create_organisation

    with unit_of_work() as uow:
        org = get_or_create_organisation(uow, "testby", "Testby")
        old = service.create(uow, org.id, None, WorksheetForm("Gammel sak", "saksbehandling"))  # type: ignore[arg-type]
        old_id = old.id

    # Version 2 renames a theme's text and adds a question; the old worksheet still reads as version 1.
    def v2(d):  # type: ignore[no-untyped-def]
        d["version"] = 2
        d["dimensions"][1]["themes"][0]["name"]["en"] = "Homes for everyone"

    toolbox(_copy(tmp_path, v2))
    with unit_of_work() as uow:
        new = service.create(uow, org.id, None, WorksheetForm("Ny sak", "saksbehandling"))  # type: ignore[arg-type]
        new_id = new.id
    with unit_of_work() as uow:
        first, second = uow.get(Worksheet, old_id), uow.get(Worksheet, new_id)
        assert first.content_version == 1 and second.content_version == 2  # type: ignore[union-attr]
        assert service.content_of(uow, first).theme("bolig").name["en"] == "Housing"  # type: ignore[arg-type, union-attr]
        assert service.content_of(uow, second).theme("bolig").name["en"] == "Homes for everyone"  # type: ignore[arg-type, union-attr]
    assert {(r.slug, r.version) for r in session.exec(select(WorksheetContent))} == {
        ("baerekrafthjelperen", 1),
        ("baerekrafthjelperen", 2),
    }


def test_a_new_structure_without_a_new_version_is_refused(session, tmp_path, toolbox):
    from app.auth.service import get_or_create_organisation

    with unit_of_work() as uow:
        org = get_or_create_organisation(uow, "testby", "Testby")
        service.create(uow, org.id, None, WorksheetForm("Sak", "saksbehandling"))  # type: ignore[arg-type]
    toolbox(_copy(tmp_path, lambda d: d["dimensions"][2]["themes"].pop()))
    with pytest.raises(ContentError, match="version: themes or plan levels changed"), unit_of_work() as uow:
        service.create(uow, org.id, None, WorksheetForm("Sak 2", "saksbehandling"))  # type: ignore[arg-type]


def test_the_server_refuses_to_start_with_a_broken_file(tmp_path):
    """A real server process (uvicorn, as `medvirk serve` runs it) exits naming file, field and problem."""
    import os
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "toolbox"
    shutil.copytree(TOOLBOX, folder)  # the dilemma scenarios too: only the worksheet file is broken
    path = folder / "worksheets" / "baerekrafthjelperen.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plan_levels"][5]["purpose"].pop("en")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "MEDVIRK_TOOLBOX_DIR": str(folder)}
    done = subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=TOOLBOX.parent)
    assert done.returncode != 0
    assert str(path) in done.stderr and "plan_levels.5.purpose: missing ['en']" in done.stderr


def test_setup_refuses_a_broken_toolbox_file(tmp_path, toolbox):
    """`medvirk setup` stops on a broken worksheet file, naming file, field and problem, as the
    server does: a deployment learns of it before it starts serving."""
    from typer.testing import CliRunner

    from app.cli import cli

    toolbox(_copy(tmp_path, lambda d: d["dimensions"][0]["themes"][1].pop("question")))
    result = CliRunner().invoke(cli, ["setup", "--no-demo-data"])
    assert result.exit_code != 0
    assert "baerekrafthjelperen.yaml" in result.output
    assert "dimensions.0.themes.1.question: Field required" in result.output
