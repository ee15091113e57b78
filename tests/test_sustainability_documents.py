"""The summary goes into the saksframlegg as PDF and DOCX with its målkonflikter, into the outcome register,
and shows residents' Stedskompasset scores beside the themes: only the published, protected figures."""

import io

import docx
from pypdf import PdfReader
from sqlmodel import select

from app.models import Campaign
from app.models.outcomes import Outcome, OutcomeEvent
from app.models.sustainability import Worksheet
from app.results import disclosure
from tests.staff_support import logged_in, post_form
from tests.sustainability_support import answer, open_worksheet
from tests.workshops_support import demo_like


def _text_of_docx(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    return "\n".join(
        [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    )


def test_the_summary_opens_as_pdf_and_docx_with_the_conflicts(session):
    staff, _ = logged_in(session, "facilitator")
    ws = open_worksheet(staff)
    answer(staff, ws)
    got = staff.get(f"/staff/sustainability/worksheets/{ws}/summary.docx?lang=nb")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/vnd.openxml")
    text = _text_of_docx(got.content)
    assert "Målkonflikter" in text and "Boligfelt Myrvoll" in text and "2027/123" in text
    assert "Bygger ned 40 dekar myr ved elva" in text and "Eksempelinnhold" in text
    conflict = next(
        line for line in text.splitlines() if "Natur og arealbruk" in line and "Boligsituasjonen" in line
    )
    assert "Arbeid og næringsliv" in conflict
    pdf = staff.get(f"/staff/sustainability/worksheets/{ws}/summary.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    flat = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(
        "\n", " "
    )
    assert "Helps Housing, Work and business, but harms Nature and land use." in " ".join(
        flat.split()
    )
    assert "2027/123" in flat


def test_the_worksheet_goes_into_the_outcome_register(session):
    staff, _ = logged_in(session, "facilitator")
    ws = open_worksheet(staff)
    answer(staff, ws)
    r = post_form(staff, f"/staff/sustainability/worksheets/{ws}/outcome", {})
    assert r.status_code == 303
    session.rollback()
    outcome = session.exec(select(Outcome)).one()
    assert outcome.origin == "worksheet" and outcome.case_number == "2027/123"
    assert outcome.plan_step == "saksbehandling" and "Boligfelt Myrvoll" in outcome.title
    assert "but harms Nature and land use." in outcome.internal_note
    assert f"/staff/sustainability/worksheets/{ws}/summary" in outcome.internal_note
    assert session.get(Worksheet, ws).outcome_id == outcome.id  # type: ignore[union-attr]
    assert r.headers["location"] == f"/staff/outcomes/{outcome.id}"
    register = staff.get("/staff/outcomes").text
    assert "Boligfelt Myrvoll" in register and "2027/123" in register
    assert "Boligfelt Myrvoll" in staff.get(f"/staff/outcomes/{outcome.id}").text
    back = staff.get(f"/staff/sustainability/outcomes/{outcome.id}", follow_redirects=False)
    assert back.headers["location"] == f"/staff/sustainability/worksheets/{ws}/summary"
    assert (
        "The register entry for this assessment"
        in staff.get(f"/staff/sustainability/worksheets/{ws}/summary").text
    )
    # Another worksheet links the existing entry; an entry of another organisation cannot be linked.
    second = open_worksheet(staff, name="Tilleggssak")
    session.rollback()  # no read left open while the next login writes
    other, _ = logged_in(session, "admin", org="annenby")
    foreign = open_worksheet(other, name="Fremmed sak")
    post_form(other, f"/staff/sustainability/worksheets/{foreign}/outcome", {})
    session.rollback()
    foreign_outcome = session.exec(select(Outcome).where(Outcome.title.contains("Fremmed"))).one()  # type: ignore[attr-defined]
    refused = post_form(
        staff, f"/staff/sustainability/worksheets/{second}/outcome", {"outcome": str(foreign_outcome.id)}
    )
    assert refused.status_code == 400 and "Choose from the list." in refused.text
    assert staff.get(f"/staff/sustainability/outcomes/{foreign_outcome.id}").status_code == 404
    ok = post_form(staff, f"/staff/sustainability/worksheets/{second}/outcome", {"outcome": str(outcome.id)})
    assert ok.status_code == 303
    session.rollback()
    assert session.get(Worksheet, second).outcome_id == outcome.id  # type: ignore[union-attr]
    assert len(session.exec(select(Outcome)).all()) == 2


def test_residents_scores_stand_beside_their_themes_and_small_groups_never_show(session):
    setup = demo_like(session)
    campaign = session.get(Campaign, setup.campaign.id)
    assert campaign is not None
    disclosure.cut(session, campaign)
    session.commit()
    cid = campaign.id
    staff, _ = logged_in(session, "facilitator")
    ws = open_worksheet(staff, campaign=str(cid))
    answer(staff, ws)
    page = staff.get(f"/staff/sustainability/worksheets/{ws}/summary").text
    from app.results.summary import public_summary

    session.rollback()
    published = {t.theme: t for t in public_summary(session, session.get(Campaign, cid)).themes}  # type: ignore[arg-type]
    housing = published["housing_community"]
    assert not housing.hidden and housing.mean is not None
    row = page.split("<td>Housing</td>")[1].split("</tr>")[0]
    assert f"{housing.mean:.1f}" in row  # the published mean, beside the theme it maps to
    assert "groups too small to show are left out" in page
    # The group of 2 (eldrerådet) scored 7: no figure from it alone appears anywhere.
    assert "eldrerådet" not in page
    # A campaign of another organisation cannot be chosen.
    session.rollback()
    other, _ = logged_in(session, "admin", org="annenby")
    r = post_form(
        other, "/staff/sustainability", {"name": "X", "plan_level": "saksbehandling", "campaign": str(cid)}
    )
    assert r.status_code == 400 and "Choose from the list." in r.text


def test_deleting_the_campaign_or_the_register_entry_leaves_the_worksheet(session):
    from app.admin.lifecycle import delete_campaign
    from app.db import unit_of_work

    setup = demo_like(session)
    cid = setup.campaign.id
    session.commit()
    staff, _ = logged_in(session, "facilitator")
    ws = open_worksheet(staff, campaign=str(cid))
    answer(staff, ws)
    post_form(staff, f"/staff/sustainability/worksheets/{ws}/outcome", {})
    session.rollback()
    with unit_of_work() as uow:
        delete_campaign(uow, uow.get(Campaign, cid))  # type: ignore[arg-type]
    with unit_of_work() as uow:
        # As the register deletes an entry copied from an idea: its history first, then the entry.
        for event in uow.exec(select(OutcomeEvent)):
            uow.delete(event)
        uow.flush()
        uow.delete(uow.exec(select(Outcome)).one())
    session.rollback()
    row = session.get(Worksheet, ws)
    assert row is not None and row.campaign_id is None and row.outcome_id is None
    assert staff.get(f"/staff/sustainability/worksheets/{ws}/summary").status_code == 200
