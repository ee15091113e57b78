"""The youth council's say: a workshop of that kind sees the results and open outcomes, records its
statement, and the statement reaches the report (page and PDF) and the outcome register."""

import io

from pypdf import PdfReader
from sqlmodel import select

from app.models.classes import YouthStatement
from app.models.outcomes import Outcome, OutcomeEvent
from app.models.workshops import Workshop
from tests.workshops_support import demo_like, facilitator, post, workshop_form

STATEMENT = "Ungdomsrådet ber om trygg sykkelvei til skolen og et sted å være etter skoletid."


def _youth_workshop(session, client, s) -> int:
    r = post(client, "/staff/workshops", workshop_form(s, kind="youth_council", title="Ungdomsrådet mars"),
             "/staff/workshops/new")
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_the_statement_reaches_the_report_and_the_register(session):
    s = demo_like(session)
    client = facilitator(session)
    earlier = Outcome(organisation_id=s.campaign.organisation_id, campaign_id=s.campaign.id,
                      title="Ny busslomme ved skolen", status="in_progress")
    session.add(earlier)
    session.commit()
    wid = _youth_workshop(session, client, s)
    base = f"/staff/workshops/{wid}"
    page = client.get(base).text
    assert "Ny busslomme ved skolen" in page and 'id="statement"' in page  # the open outcomes are shown
    r = post(client, f"{base}/statement", {"text": STATEMENT, "adopted_on": "2027-03-12"}, base)
    assert r.status_code == 303
    report = client.get(f"{base}/report?lang=nb").text
    assert STATEMENT in report and "Ny busslomme ved skolen" in report
    assert "12. mars 2027" in report  # the date in Bokmål
    pdf = client.get(f"{base}/report.pdf?lang=nb")
    flat = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "trygg sykkelvei til skolen" in flat
    session.rollback()
    entry = session.exec(select(Outcome).where(Outcome.origin == "youth")).one()
    assert entry.public_note == STATEMENT and entry.workshop_id == wid and entry.campaign_id == s.campaign.id
    assert entry.plan_step == "saksbehandling" and "Ungdomsrådet mars" in entry.title
    register = client.get("/staff/outcomes").text
    assert "Ungdomsrådet mars" in register
    # Recorded again (changed): the same register entry follows, no second one.
    post(client, f"{base}/statement", {"text": STATEMENT + " Endret.", "adopted_on": ""}, base)
    session.rollback()
    entries = session.exec(select(Outcome).where(Outcome.origin == "youth")).all()
    assert len(entries) == 1 and entries[0].public_note.endswith("Endret.")
    assert len(session.exec(select(OutcomeEvent).where(OutcomeEvent.outcome_id == entries[0].id)).all()) == 1


def test_bad_statements_change_nothing_and_keep_what_was_typed(session):
    s = demo_like(session)
    client = facilitator(session)
    wid = _youth_workshop(session, client, s)
    base = f"/staff/workshops/{wid}"
    for data in ({"text": "   ", "adopted_on": ""}, {"text": "x" * 4001, "adopted_on": ""},
                 {"text": "Gyldig tekst", "adopted_on": "12.03.2027"}):
        r = post(client, f"{base}/statement", data, base)
        assert r.status_code == 400 and 'aria-invalid="true"' in r.text and "-error" in r.text
        assert data["adopted_on"] in r.text and (data["text"].strip()[:50] in r.text)
    session.rollback()
    assert session.get(YouthStatement, wid).text == ""
    assert session.exec(select(Outcome)).all() == []


def test_a_politicians_workshop_has_no_statement_and_other_towns_none_at_all(session):
    s = demo_like(session)
    stranger = facilitator(session, org="andreby")
    client = facilitator(session)
    r = post(client, "/staff/workshops", workshop_form(s), "/staff/workshops/new")
    plain = int(r.headers["location"].rsplit("/", 1)[1])
    assert post(client, f"/staff/workshops/{plain}/statement", {"text": "Hei"},
                f"/staff/workshops/{plain}").status_code == 404
    assert "statement_text" not in client.get(f"/staff/workshops/{plain}").text
    bad = post(client, "/staff/workshops", workshop_form(s, kind="mayor"), "/staff/workshops/new")
    assert bad.status_code == 400
    wid = _youth_workshop(session, client, s)
    r = post(stranger, f"/staff/workshops/{wid}/statement", {"text": "Snik"}, "/staff/workshops")
    assert r.status_code == 404
    session.rollback()
    assert session.get(YouthStatement, wid).text == "" and session.get(YouthStatement, plain) is None
    assert len(session.exec(select(Workshop)).all()) == 2
