"""The complete results report: who answered against the population, compass, tables, breakdowns
and approved quotes under the organisation's logo, page numbers on every page and no page ending on
a heading (pypdf), read back from Word (python-docx); small groups never shown; numbers that read
right in Arabic; other organisations kept out."""

import io
import re

import docx
import pytest
from pypdf import PdfReader
from sqlmodel import select

from app.db import unit_of_work
from app.models import Campaign
from app.results.service import min_group
from app.results.summary import summary
from tests.report_support import SLUG, filled
from tests.staff_support import logged_in

URL = f"/staff/results/{SLUG}/report"
HEADINGS_EN = {"Results: Sentrum 2027", "Who answered", "Compass", "The whole campaign", "Sentrum",
               "Nordbyen", "Breakdowns", "Ways of answering", "Focus groups and sessions",
               "What residents said (approved quotes)"}


def pages_of(content: bytes) -> list:
    return PdfReader(io.BytesIO(content)).pages


def lines_of(page) -> list[str]:
    return [line.replace("\xa0", " ").strip() for line in page.extract_text().splitlines() if line.strip()]


@pytest.mark.any_database  # layout and text, the same whatever the database
def test_the_pdf_has_every_part_numbers_on_every_page_the_logo_and_no_lone_heading(session):
    client, name = logged_in(session, role="analyst")
    admin, _ = logged_in(session, role="admin")
    filled(admin, name)
    r = client.get(URL + ".pdf?lang=en")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pages = pages_of(r.content)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        lines = lines_of(page)
        assert f"Page {number} / {len(pages)}" in lines, (number, lines[-3:])
        body = [line for line in lines if not line.startswith("Page ") and line != "Testby kommune"]
        assert len(body) > 1, f"page {number} holds only a heading"
        if "Compass" in body:  # the figure's legend (the series' names) ends the compass's page
            assert body.index("Compass") < body.index("Feeling safe") and body[-1] == "Nordbyen"
        else:
            assert body[-1] not in HEADINGS_EN, f"page {number} ends with the heading {body[-1]!r}"
        assert page.images and page.images[0].data.startswith(b"\x89PNG"), f"no logo on page {number}"
    text = "\n".join("\n".join(lines_of(p)) for p in pages)
    for part in ("Who answered", "Population", "6,315", "Compass", "Feeling safe",
                 "Ways of answering", "What residents said (approved quotes)", "Testby kommune"):
        assert part in text, part


@pytest.mark.any_database
def test_numbers_read_right_in_arabic_and_use_a_decimal_comma_in_norwegian(session):
    client, name = logged_in(session, role="admin")
    filled(client, name)
    pages = pages_of(client.get(URL + ".pdf?lang=ar").content)
    assert len(pages) >= 3
    for page in pages:  # a number on every page, and never a page of only a heading and its footer
        lines = lines_of(page)
        assert any("صفحة" in line and re.search(r"\d+ / \d+", line) for line in lines[-3:]), lines[-3:]
        assert len(lines) > 3
    arabic = "\n".join("\n".join(lines_of(p)) for p in pages)
    assert "6,315" in arabic and "315 6" not in arabic and "315,6" not in arabic
    assert re.search(r"صفحة", arabic)
    norsk = "\n".join("\n".join(lines_of(p)) for p in pages_of(client.get(URL + ".pdf?lang=nb").content))
    assert "6 315" in norsk and re.search(r"\b\d,\d\b", norsk) and not re.search(r"\b[1-7]\.\d\b", norsk)
    document = docx.Document(io.BytesIO(client.get(URL + ".docx?lang=ar").content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "\u20666,315\u2069" in cells  # a left-to-right isolate around every number
    assert "w:bidi" in document.paragraphs[0]._p.xml and "bidiVisual" in document.tables[0]._tbl.xml


@pytest.mark.any_database  # layout and text, the same whatever the database
def test_the_docx_reads_back_with_logo_population_compass_breakdowns_and_quotes(session):
    client, name = logged_in(session, role="admin")
    filled(client, name)
    document = docx.Document(io.BytesIO(client.get(URL + ".docx?lang=en").content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:6] == ["Results: Sentrum 2027", "Who answered", "Compass", "The whole campaign",
                            "Sentrum", "Nordbyen"]
    assert {"Breakdowns", "Ways of answering", "What residents said (approved quotes)"} <= set(headings)
    assert all(p.paragraph_format.keep_with_next for p in document.paragraphs
               if p.style.name.startswith("Heading"))
    population = document.tables[0]
    assert [c.text for c in population.rows[0].cells][:3] == ["Age", "Population", "Share of the population"]
    assert [c.text for c in population.rows[2].cells][:2] == ["25–34", "6,315"]
    header = document.sections[0].header._element.xml
    assert "graphicData" in header and "Testby kommune" in header  # the logo on every page
    assert "PAGE" in document.sections[0].footer._element.xml
    assert len(document.inline_shapes) == 1  # the compass
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 3 and all(b.startswith("Works well: «") for b in bullets)


def test_no_group_under_k_is_shown_in_either_format(session):
    client, name = logged_in(session, role="admin")
    filled(client, name, responses=40, brand=False)
    with unit_of_work() as s:
        campaign = s.exec(select(Campaign).where(Campaign.slug == SLUG)).one()
        modes = summary(s, campaign, group_by="mode").groups
        k = min_group(campaign)
    hidden = [g for g in modes if g.hidden]
    assert hidden, "the test needs a mode with fewer than k answers"
    document = docx.Document(io.BytesIO(client.get(URL + ".docx?lang=en").content))
    shown = [int(n) for t in document.tables for c in t.rows[0].cells
             for n in re.findall(r"\(n=\u2066?(\d+)", c.text)]
    assert shown and min(shown) >= k
    notes = [p.text for p in document.paragraphs if p.text.startswith("Not shown (too few answers)")]
    labels = {"paper": "Paper form", "walk": "Walk and talk", "survey": "Survey"}
    assert any(labels[g.key] in n for g in hidden for n in notes)
    pdf = "\n".join("\n".join(lines_of(p)) for p in pages_of(client.get(URL + ".pdf?lang=en").content))
    for g in hidden:
        assert f"{labels[g.key]} (n=" not in pdf


def test_another_organisation_gets_neither_format(session):
    client, name = logged_in(session, role="admin")
    filled(client, name, responses=40, brand=False)
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert stranger.get(URL + ".pdf").status_code == 404
    assert stranger.get(URL + ".docx").status_code == 404


def test_a_campaign_without_answers_still_gets_a_numbered_report(session):
    from tests.workbench_support import make_campaign

    client, name = logged_in(session, role="admin")
    make_campaign(name, slug=SLUG)
    pages = pages_of(client.get(URL + ".pdf?lang=en").content)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in lines_of(page)
    text = "\n".join("\n".join(lines_of(p)) for p in pages)
    assert "No population figures have been uploaded for this campaign." in text and "Compass\n" not in text
    document = docx.Document(io.BytesIO(client.get(URL + ".docx?lang=nb").content))
    assert document.paragraphs[0].text == "Resultater: Sentrum 2027" and not document.inline_shapes
