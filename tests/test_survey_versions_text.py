"""Every survey file (adults', youth, children's) in all eleven resident languages, written out (no
English copies), the versions lined up with the survey they belong to, and the children's and
youth pages within the resident budget in every language."""

import re
from pathlib import Path

import pytest

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.common.content import texts as _texts
from app.config import get_settings
from app.i18n import LANGUAGES
from app.surveys.definitions import load_all, load_file
from tests.helpers import page_weight
from tests.resident_support import Resident

pytestmark = pytest.mark.any_database  # what it checks does not depend on the database

ELEVEN = ["nb", "nn", "en", "se", "uk", "ar", "pl", "lt", "so", "ti", "lettlest"]
FILES = sorted(Path(get_settings().surveys_dir).glob("*.yaml"))
VERSIONS = ["youth", "children"]


def test_the_versions_ship_as_files_and_every_shipped_language_is_covered():
    assert {"children", "youth"} <= {p.stem for p in FILES}
    assert set(ELEVEN) <= set(LANGUAGES)


@pytest.mark.parametrize("slug", VERSIONS)
def test_a_version_has_every_text_in_all_eleven_languages(slug):
    survey = load_all()[slug]
    assert set(survey.locales) == set(ELEVEN)
    missing = [(path, sorted(set(ELEVEN) - set(text)))
               for path, text in _texts(survey) if set(ELEVEN) - set(text)]
    assert missing == []
    blank = [(path, lang) for path, text in _texts(survey) for lang, s in text.items() if not s.strip()]
    assert blank == []


@pytest.mark.parametrize("slug", VERSIONS)
@pytest.mark.parametrize("lang", [c for c in ELEVEN if c != "en"])
def test_no_text_is_left_in_english(slug, lang):
    survey = load_all()[slug]
    copied = [text["en"] for _path, text in _texts(survey)
              if text[lang] == text["en"] and re.search(r"[A-Za-z]{3}", text["en"])]
    assert copied == []


def test_the_scripts_are_the_languages_own():
    for slug in VERSIONS:
        for _path, text in _texts(load_all()[slug]):
            assert re.search(r"[\u1200-\u137f]", text["ti"]), text["ti"]  # Ge'ez
            assert not re.search(r"[a-z]{4}", text["ti"].replace("ungdomsrådet", "")), text["ti"]
            assert re.search(r"[\u0600-\u06ff]", text["ar"]), text["ar"]
            assert re.search(r"[\u0400-\u04ff]", text["uk"]) or re.fullmatch(r"[\d–+ ]+", text["uk"])


def test_the_versions_line_up_with_the_survey_they_belong_to():
    surveys = load_all()
    main = surveys["stedskompasset"]
    for slug in VERSIONS:
        version = surveys[slug]
        assert version.variant_of == "stedskompasset"
        assert set(version.theme_slugs) <= set(main.theme_slugs)  # so they can stand side by side
        order = [t for t in main.theme_slugs if t in version.theme_slugs]
        assert version.theme_slugs == order
        assert [f.key for f in version.free_text] == ["good", "better"]
    youth, children = surveys["youth"], surveys["children"]
    assert (youth.scale.min, youth.scale.max, youth.scale.faces) == (1, 7, False)
    assert (children.scale.min, children.scale.max, children.scale.faces) == (1, 3, True)
    assert len(children.scale.labels) == 3
    assert len(youth.themes) == 14 and len(children.themes) == 12


def test_a_broken_scale_names_the_problem(tmp_path):
    source = (Path(get_settings().surveys_dir) / "children.yaml").read_text(encoding="utf-8")
    for change, expected in (
        (source.replace("max: 3", "max: 4"), "labels: give one label per point (4)"),
        (source.replace("max: 3", "max: 1"), "max must be greater than min"),
        (source.replace("variant_of: stedskompasset", "variant_of: children"),
         "cannot be a version of itself"),
    ):
        path = tmp_path / "children.yaml"
        path.write_text(change, encoding="utf-8")
        with pytest.raises(Exception) as err:
            load_file(path)
        assert expected in str(err.value)


@pytest.mark.parametrize("lang", ELEVEN)
def test_the_childrens_pages_stay_within_budget_in_every_language(client, session, lang):
    """A campaign offered in all eleven: the start page and a face-scale page fit in 12 KB."""
    org = get_or_create_organisation(session, "testby", "Testby")
    user = create_user(session, f"admin-{lang}", "admin", org, password="correct horse battery")
    create_campaign(session, CampaignIn(slug="alle", title="Alle", survey="stedskompasset", status="open",
                                        areas=[AreaIn(slug="sentrum", name="Sentrum")], versions=VERSIONS,
                                        locales=ELEVEN), user)
    session.commit()
    kid = Resident(client, "alle", lang=lang)
    assert page_weight(client, f"/k/alle?lang={lang}&v=children") <= 12 * 1024
    kid.get("")
    assert kid.post("", {"area": "sentrum", "version": "children"}).status_code == 303
    page = kid.get("/tema/1")
    assert page.status_code == 200 and page.text.count("<svg") >= 3
    survey = load_all()["children"]
    assert survey.themes[0].question[lang] in page.text.replace("&#39;", "'").replace("&#34;", '"')
    assert page_weight(client, f"/k/alle/tema/1?lang={lang}") <= 12 * 1024
