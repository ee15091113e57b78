"""Scenario files: the shipped examples are valid and say they are examples; a broken file stops
start-up naming the file, the field and the problem."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from app.config import get_settings
from app.dilemmas.scenarios import MIN_LOCALES, ScenarioError, load_all, load_file
from app.main import app
from tests.client import TestClient

pytestmark = pytest.mark.any_database  # what it checks does not depend on the database

SHIPPED = get_settings().toolbox_dir / "scenarios"


def _raw() -> dict:
    return yaml.safe_load((SHIPPED / "boliger-pa-elvesletta.yaml").read_text(encoding="utf-8"))


def _toolbox(tmp_path: Path) -> Path:
    """A copy of the shipped toolbox (the other parts' files stay good), to break a scenario in."""
    folder = tmp_path / "toolbox"
    shutil.copytree(get_settings().toolbox_dir, folder)
    return folder


def _write(folder: Path, data: dict, name: str = "boliger-pa-elvesletta") -> Path:
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    path = folder / "scenarios" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_scenarios_are_two_examples_in_nb_nn_en_with_three_injects():
    scenarios = load_all()
    assert len(scenarios) >= 2
    for s in scenarios.values():
        assert s.example and set(MIN_LOCALES) <= set(s.locales)
        assert len(s.injects) >= 3
        assert {d.slug for d in s.dimensions} == {"klima_miljo", "sosial", "okonomisk"}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["injects"][1].pop("text"), "injects.1.text: Field required"),
    (lambda d: d["injects"][0]["title"].pop("nn"), "injects.0.title: missing ['nn']"),
    (lambda d: d.update(version=0), "version: Input should be greater than or equal to 1"),
    (lambda d: d["dimensions"][0]["themes"].append({"slug": "bolig",
                                                     "name": {"nb": "x", "nn": "x", "en": "x"}}),
     "slugs must be unique across dimensions and themes: ['bolig']"),
    (lambda d: d.update(injects=[]), "injects: List should have at least 1 item"),
    (lambda d: d["situation"].update(questions=[]), "situation.questions: List should have at least 1 item"),
    (lambda d: d.update(colour="blue"), "colour: Extra inputs are not permitted"),
    (lambda d: d.update(locales=["nb", "en"]) or [t.pop("nn") for t in (d["title"],)],
     "an example scenario must have ['nb', 'nn', 'en']"),
    (lambda d: d.update(slug="another-name"), "slug: 'another-name' must match the file name"),
])
def test_a_broken_file_names_file_field_and_problem(tmp_path, change, expected):
    data = copy.deepcopy(_raw())
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(ScenarioError) as err:
        load_file(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_not_yaml_at_all_is_named_too(tmp_path):
    path = tmp_path / "scenarios" / "x.yaml"
    path.parent.mkdir()
    path.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x\.yaml: cannot read YAML"):
        load_file(path)


def test_a_broken_scenario_stops_start_up(tmp_path, monkeypatch, caplog):
    data = _raw()
    data["injects"][2]["questions"] = "not a list"
    folder = _toolbox(tmp_path)
    path = _write(folder, data)
    monkeypatch.setattr(get_settings(), "toolbox_dir", folder)
    load_all.cache_clear()
    try:
        with pytest.raises(ScenarioError) as err, TestClient(app):
            pass  # the app never gets to serve a request
    finally:
        load_all.cache_clear()
    assert str(path) in str(err.value)
    assert "injects.2.questions: Input should be a valid list" in str(err.value)
    assert "injects.2.questions" in caplog.text  # and the log says so for whoever started it


def test_a_good_folder_starts(tmp_path, monkeypatch):
    folder = _toolbox(tmp_path)
    _write(folder, _raw())
    monkeypatch.setattr(get_settings(), "toolbox_dir", folder)
    load_all.cache_clear()
    try:
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
    finally:
        load_all.cache_clear()


def test_a_session_keeps_the_version_it_was_run_with(session, tmp_path, monkeypatch):
    from tests.dilemmas_support import facilitator, row_of, start

    staff = facilitator(session)
    old = start(staff)
    data = _raw()
    data["version"] = 2
    data["situation"]["title"]["en"] = "A changed situation"
    folder = _toolbox(tmp_path)
    _write(folder, data)
    monkeypatch.setattr(get_settings(), "toolbox_dir", folder)
    load_all.cache_clear()
    try:
        present = staff.get(f"/staff/dilemmas/{old}/present").text
        assert "The situation" in present and "A changed situation" not in present
        assert "(version 1)" in staff.get(f"/staff/dilemmas/{old}/report").text
        new = start(staff, title="Ny runde")
        assert row_of(session, new).scenario_version == 2
        assert "A changed situation" in staff.get(f"/staff/dilemmas/{new}/present").text
    finally:
        load_all.cache_clear()
