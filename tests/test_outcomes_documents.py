"""The «Medvirkning» chapter opens as DOCX and PDF with the outcome and its sources; the årsmelding
status table comes as CSV and XLSX that no spreadsheet runs as a formula."""

import csv
import io

import docx
import openpyxl
from pypdf import PdfReader

from app.db import unit_of_work
from app.outcomes import service
from app.outcomes.service import OutcomeForm
from tests.outcomes_support import SECRET, two_rounds
from tests.staff_support import logged_in


def test_the_chapter_opens_as_docx_and_pdf_with_the_outcome_and_its_sources(session):
    r = two_rounds(session)
    staff, _ = logged_in(session, "analyst")
    cid = r.second.campaign.id
    got = staff.get(f"/staff/outcomes/campaigns/{cid}/medvirkning.docx?lang=nb")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/vnd.openxml")
    document = docx.Document(io.BytesIO(got.content))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "Medvirkning" in text and "Tryggere skolevei i Sentrum" in text
    assert "Benker langs elva" in text and "Nattbuss i helgene" in text and "2027/481" in text
    assert "Handlings- og økonomiplan" in text and SECRET not in text and "Ikke offentlig tiltak" not in text
    pdf = staff.get(f"/staff/outcomes/campaigns/{cid}/medvirkning.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    flat = " ".join((p.extract_text() or "") for p in pages).replace("\n", " ")
    assert "Tryggere skolevei i Sentrum" in flat and "Benker langs elva" in flat and "2027/481" in flat
    assert SECRET not in flat
    stranger, _ = logged_in(session, "admin", org="annenby")
    assert stranger.get(f"/staff/outcomes/campaigns/{cid}/medvirkning.docx").status_code == 404


def test_the_status_table_as_csv_and_xlsx_without_formulas(session):
    r = two_rounds(session)
    org = r.second.campaign.organisation_id
    session.rollback()  # no read left open while the unit of work writes
    with unit_of_work() as uow:
        evil = OutcomeForm(title='=HYPERLINK("http://evil","x")', responsible="@SUM(A1)")
        service.create(uow, org, None, evil)
    staff, _ = logged_in(session, "facilitator")
    got = staff.get("/staff/outcomes/status.csv")
    assert got.status_code == 200 and got.content.startswith("\ufeff".encode())
    lines = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    by_title = {row["title"]: row for row in lines}
    assert by_title["Tryggere skolevei i Sentrum"]["status"] == "decided"
    assert by_title["Tryggere skolevei i Sentrum"]["case_number"] == "2027/481"
    assert by_title["Tryggere skolevei i Sentrum"]["unit"] == "Samferdsel"
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in by_title and by_title["'=HYPERLINK(\"http://evil\",\"x\")"][
        "responsible"] == "'@SUM(A1)"
    book = openpyxl.load_workbook(io.BytesIO(staff.get("/staff/outcomes/status.xlsx").content))
    cells = [c.value for row in book["outcomes"].iter_rows() for c in row]
    assert "Tryggere skolevei i Sentrum" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "@", "+", "-")) for v in cells)
