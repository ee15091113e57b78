"""The results report for case papers: a PDF with a page number on every page and no page that
holds only a heading (read with pypdf), and a DOCX read back with python-docx."""

import io

import docx
import pytest
from pypdf import PdfReader
from sqlmodel import select

from app.admin import demo
from app.db import unit_of_work
from app.models import Campaign
from tests.staff_support import logged_in
from tests.workbench_support import make_campaign

pytestmark = pytest.mark.any_database  # layout and text, the same whatever the database


def filled(name: str) -> None:
    make_campaign(name, slug="sentrum-2027")
    with unit_of_work() as s:
        campaign = s.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()
        demo.add_responses(s, campaign, 120)


def test_the_pdf_is_numbered_on_every_page_and_no_page_is_only_a_heading(session):
    client, name = logged_in(session, role="analyst")
    filled(name)
    r = client.get("/staff/results/sentrum-2027/report.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(r.content)).pages
    assert len(pages) >= 2
    headings = {"The whole campaign", "Sentrum", "Nordbyen"}
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        assert f"Page {number} / {len(pages)}" in lines, lines[-3:]
        body = [line for line in lines if not line.startswith("Page ")]
        assert body and body[-1] not in headings, f"page {number} ends with a heading"
        assert len(body) > 1, f"page {number} holds only a heading"
    text = "".join(p.extract_text() for p in pages)
    assert "Results: Sentrum 2027" in text and "Feeling safe" in text


def test_the_docx_reads_back_with_its_tables_and_page_field(session):
    client, name = logged_in(session, role="admin")
    filled(name)
    assert "/staff/results/sentrum-2027/report.docx" in client.get("/staff/campaigns/sentrum-2027").text
    r = client.get("/staff/results/sentrum-2027/report.docx?lang=nb")
    assert r.status_code == 200
    document = docx.Document(io.BytesIO(r.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:6] == ["Resultater: Sentrum 2027", "Hvem som svarte", "Kompass", "Hele kampanjen",
                            "Sentrum", "Nordbyen"]
    assert all(
        p.paragraph_format.keep_with_next for p in document.paragraphs if p.style.name.startswith("Heading")
    )
    assert len(document.tables) >= 3 and len(document.tables[0].rows) == 15  # header + 14 themes
    assert "PAGE" in document.sections[0].footer._element.xml
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert stranger.get("/staff/results/sentrum-2027/report.docx").status_code == 404
