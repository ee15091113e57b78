"""Every resident page speaks the resident's language: catalogs complete, survey text in all six,
and no English UI text left on a page in another language."""

import re

import pytest
from babel.messages.pofile import read_po

from app.common.content import texts as _texts
from app.i18n import LANGUAGES
from app.i18n.catalogs import pot_path, problems
from tests.resident_support import LANGS, Resident, open_campaign, survey

pytestmark = pytest.mark.any_database  # what it checks does not depend on the database


def test_the_resident_catalog_is_fresh_and_complete():
    assert [p for p in problems() if "resident" in p] == []


def test_survey_text_exists_in_every_shipped_language():
    missing = [path for path, text in _texts(survey()) if set(LANGUAGES) - set(text)]
    assert missing == []


@pytest.mark.parametrize("lang", [code for code in LANGS if code != "en"])
def test_no_english_ui_text_on_pages_in_another_language(client, session, lang):
    with pot_path("resident").open("rb") as fh:
        english = [m.id for m in read_po(fh) if m.id and len(m.id) > 12 and "%(" not in m.id]
    open_campaign(session)
    r = Resident(client, lang=lang)
    pages = [r.get("").text]
    r.start()
    pages += [r.get(p).text for p in ("", "/tema/1", "/om-deg")]
    pages.append(r.answer(1, score="77").text)
    r.answer(1)
    r.profile()
    pages.append(r.get("/takk").text)
    text = re.sub(r"<[^>]+>", " ", "\n".join(pages))
    assert [m for m in english if m in text] == []
