"""Issue 17 part 4 and issue 14: a workshop shows chosen worksheet summaries and finished dilemma
sessions as slides and in its report (page, PDF, Word); never another organisation's."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader
from sqlmodel import Session

from app.models.workshops import Workshop
from tests.workshops_support import create_workshop, demo_like, facilitator, post, workshop_form
from tests.workshops_toolbox_support import CONFLICT, PRINCIPLE, toolbox


def _docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_chosen_worksheet_and_dilemma_become_slides_and_report(session: Session) -> None:
    s = demo_like(session)
    ws, dl = toolbox(session, "testby")
    open_ws, open_dl = toolbox(session, "testby", name="Ikke ferdig", closed=False)
    staff = facilitator(session)
    form = staff.get("/staff/workshops/new").text
    assert f'name="worksheets" value="{ws.id}"' in form and f'name="dilemmas" value="{dl.id}"' in form
    assert f'name="dilemmas" value="{open_dl.id}"' not in form  # only finished sessions are offered
    r = post(staff, "/staff/workshops", workshop_form(s, worksheets=[str(ws.id)], dilemmas=[str(dl.id)]),
             "/staff/workshops/new")
    assert r.status_code == 303, r.text
    wid = int(r.headers["location"].rsplit("/", 1)[1])
    base = f"/staff/workshops/{wid}"
    edit = staff.get(f"{base}/edit").text  # the choice is kept when the workshop is changed
    assert re.search(rf'name="worksheets" value="{ws.id}" checked', edit)
    assert re.search(rf'name="dilemmas" value="{dl.id}" checked', edit)

    count = int(re.search(r"Lysbilde 1 av (\d+)", staff.get(f"{base}/slides/1").text).group(1))
    texts = [staff.get(f"{base}/slides/{n}").text for n in range(1, count + 1)]
    sheet = next(t for t in texts if "slide-worksheet" in t)
    assert "Boligfelt Myrvoll" in sheet and "2027/123" in sheet
    assert sheet.count("<tr>") >= 4  # a row per dimension under the header
    assert "men svekker" in sheet  # the målkonflikt: helps housing and jobs, harms nature and emissions
    dilemma = next(t for t in texts if "slide-dilemma" in t)
    assert CONFLICT in dilemma and PRINCIPLE in dilemma
    assert "slide-vote" in texts[-1]  # voting stays the last slide

    page = staff.get(f"{base}/report").text
    assert page.count("<h2>Bærekraftvurderinger og dilemmatrening</h2>") == 1
    assert page.count("<h2>Kompasset og tabellen</h2>") == 1
    for text in ("Boligfelt Myrvoll", CONFLICT, PRINCIPLE, "Bygger ned 40 dekar myr ved elva"):
        assert text in page
    pdf = PdfReader(io.BytesIO(staff.get(f"{base}/report.pdf?lang=nb").content))
    pdf_text = "\n".join(p.extract_text() for p in pdf.pages)
    assert PRINCIPLE in pdf_text.replace("\n", " ")
    for n, p in enumerate(pdf.pages, 1):  # a page number and the organisation on every page
        text = p.extract_text()
        assert f"Side {n} / {len(pdf.pages)}" in text and "Testby" in text, n
        body = [line for line in text.splitlines()
                if line.strip() and "Testby" not in line and "Side " not in line]
        assert len(body) >= 3, (n, body)  # never a page with only a heading
    word = staff.get(f"{base}/report.docx?lang=nb")
    assert word.status_code == 200 and word.headers["content-type"].endswith("document")
    text = _docx_text(word.content)
    for needle in ("Boligfelt Myrvoll", CONFLICT, PRINCIPLE, "Bygger ned 40 dekar myr ved elva",
                   "Benker langs elva"):
        assert needle in text, needle
    doc = Document(io.BytesIO(word.content))
    assert "PAGE" in doc.sections[0].footer._element.xml  # a page number field on every page
    assert "Testby" in doc.sections[0].header.paragraphs[0].text  # the organisation heads every page
    headings = [p for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_another_organisations_worksheet_or_dilemma_is_never_taken_or_shown(session: Session) -> None:
    s = demo_like(session)
    theirs_ws, theirs_dl = toolbox(session, "annenby", name="Hemmelig plan i Annenby")
    staff = facilitator(session)
    assert "Hemmelig plan" not in staff.get("/staff/workshops/new").text
    wid = create_workshop(staff, s)
    for field, value in (("worksheets", theirs_ws.id), ("dilemmas", theirs_dl.id)):
        r = post(staff, "/staff/workshops", workshop_form(s, title="Forsøk", **{field: [str(value)]}),
                 "/staff/workshops/new")
        assert r.status_code == 400 and 'id="' + field + '-error"' in r.text
        r = post(staff, f"/staff/workshops/{wid}/edit", workshop_form(s, **{field: [str(value)]}),
                 f"/staff/workshops/{wid}/edit")
        assert r.status_code == 400
        assert 'value="Politisk verksted Nordbyen"' in r.text  # what was typed is kept
    session.commit()
    workshop = session.get(Workshop, wid)
    assert workshop is not None and not any(":" in c for c in workshop.comparisons)  # nothing stored
    # Even stored by hand (a copy, an old row), another organisation's rows are never shown.
    workshop.comparisons = [*workshop.comparisons, f"worksheet:{theirs_ws.id}", f"dilemma:{theirs_dl.id}",
                            "worksheet:x", "dilemma:999999"]
    session.add(workshop)
    session.commit()
    base = f"/staff/workshops/{wid}"
    count = int(re.search(r"Lysbilde 1 av (\d+)", staff.get(f"{base}/slides/1").text).group(1))
    for n in range(1, count + 1):
        page = staff.get(f"{base}/slides/{n}")
        assert page.status_code == 200 and "Hemmelig plan" not in page.text
        assert "slide-worksheet" not in page.text and "slide-dilemma" not in page.text
    assert "Hemmelig plan" not in staff.get(base).text
    assert "Hemmelig plan" not in staff.get(f"{base}/report").text
    assert "Hemmelig plan" not in _docx_text(staff.get(f"{base}/report.docx").content)


@pytest.mark.any_database
def test_word_report_in_arabic_reads_right_to_left_with_numbers_kept(session: Session) -> None:
    s = demo_like(session)
    ws, dl = toolbox(session, "testby")
    staff = facilitator(session)
    r = post(staff, "/staff/workshops", workshop_form(s, worksheets=[str(ws.id)], dilemmas=[str(dl.id)]),
             "/staff/workshops/new")
    wid = int(r.headers["location"].rsplit("/", 1)[1])
    base = f"/staff/workshops/{wid}"
    assert post(staff, f"{base}/figures", {"label": "Innbyggere", "area": "Nordbyen", "value": "4 210",
                                           "source": "SSB"}, base).status_code == 303
    pdf = PdfReader(io.BytesIO(staff.get(f"{base}/report.pdf?lang=ar").content))
    assert "4 210" in "\n".join(p.extract_text() for p in pdf.pages)
    body = staff.get(f"{base}/report.docx?lang=ar").content
    doc = Document(io.BytesIO(body))
    assert all(p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None
        for p in doc.paragraphs)
    # Numbers are isolated left to right: the 10 points, the date 2027-05-04.
    text = _docx_text(body)
    assert "\u20662027-05-04\u2069" in text and "\u206610\u2069" in text and "\u20664 210\u2069" in text
