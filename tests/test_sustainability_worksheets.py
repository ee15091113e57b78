"""Worksheets through the real pages: open one for a case, answer it, read the summary with its
målkonflikter; bad input changes nothing and keeps what was typed; organisations never see each other's."""

import io
import zipfile
from urllib.parse import quote

from sqlmodel import select

from app.models.sustainability import Worksheet, WorksheetAnswer, WorksheetContent
from app.sustainability import service
from tests.staff_support import logged_in, post_form
from tests.sustainability_support import ANSWERS, answer, open_worksheet


def test_a_case_is_assessed_and_the_summary_lists_the_conflicts(session):
    staff, _ = logged_in(session, "facilitator")
    assert "Open a worksheet" in staff.get("/staff/sustainability").text
    ws = open_worksheet(staff)
    page = staff.get(f"/staff/sustainability/worksheets/{ws}")
    assert page.status_code == 200
    assert "Example content" in page.text and "Rule of thumb (kjøreregel)" in page.text
    # The saksbehandling level asks its own question on participation.
    assert "does the case paper say what they said?" in page.text
    r = answer(staff, ws)
    assert r.status_code == 303 and r.headers["location"].endswith("/summary")
    stored = session.exec(select(WorksheetAnswer).where(WorksheetAnswer.worksheet_id == ws)).all()
    assert {a.theme: (a.choice, a.reason) for a in stored} == ANSWERS
    row = session.get(Worksheet, ws)
    assert row is not None and row.content_slug == "baerekrafthjelperen" and row.content_version == 1
    assert (
        session.get(WorksheetContent, ("baerekrafthjelperen", 1)) is not None
    )  # the version it was made with
    text = staff.get(f"/staff/sustainability/worksheets/{ws}/summary").text
    conflicts = text.split('id="conflicts"')[1].split("</ul>")[0]
    assert "Helps Housing, Work and business, but harms Nature and land use." in conflicts
    assert "Helps Housing, Work and business, but harms Greenhouse gas emissions." in conflicts
    assert "Bygger ned 40 dekar myr ved elva" in text
    unassessed = text.split("Not assessed</h2>")[1].split("</p>")[0]
    assert "Municipal finances" in unassessed and "Climate adaptation" in unassessed  # unanswered too
    assert "Housing" not in unassessed


def test_no_conflict_without_a_harmed_theme(session):
    staff, _ = logged_in(session, "admin")
    ws = open_worksheet(staff)
    answer(staff, ws, {"bolig": ("positive", "Gode boliger"), "natur": ("neutral", "")})
    text = staff.get(f"/staff/sustainability/worksheets/{ws}/summary").text
    assert "No målkonflikter found" in text and "but harms" not in text


def test_bad_answers_change_nothing_and_keep_what_was_typed(session):
    staff, _ = logged_in(session, "facilitator")
    ws = open_worksheet(staff)
    assert answer(staff, ws, {"bolig": ("positive", "Først lagret")}).status_code == 303
    for bad in (
        {"bolig": ("wonderful", "Skrevet inn"), "natur": ("negative", "Myr")},
        {"bolig": ("positive", "Skrevet inn"), "natur": ("negative", "   ")},
        {"bolig": ("positive", "x" * 2001)},
        {"bolig": ("positive", "Skrevet inn"), "natur": ("Negative", "Myr")},
    ):
        r = answer(staff, ws, bad)
        assert r.status_code == 400, bad
        assert "Please correct the following" in r.text
        if len(bad["bolig"][1]) < 100:
            assert "Skrevet inn" in r.text  # kept as typed
        session.rollback()
        stored = session.exec(select(WorksheetAnswer).where(WorksheetAnswer.worksheet_id == ws)).all()
        assert [(a.theme, a.choice, a.reason) for a in stored] == [("bolig", "positive", "Først lagret")]
    r = answer(staff, ws, {"natur": ("negative", "  ")})
    assert "Say why the effect is negative." in r.text and 'aria-invalid="true"' in r.text


def test_bad_worksheet_forms_are_refused_with_values_kept(session):
    staff, _ = logged_in(session, "facilitator")
    cases = [
        ({"name": "", "plan_level": "saksbehandling"}, "Please fill this in."),
        ({"name": "Sak", "plan_level": "budsjett"}, "Choose from the list."),
        ({"name": "x" * 201, "plan_level": "planstrategi"}, "This text is too long."),
        ({"name": "Sak", "plan_level": "planstrategi", "case_number": "9" * 41}, "This text is too long."),
        ({"name": "Sak", "plan_level": "planstrategi", "campaign": "999999"}, "Choose from the list."),
        ({"name": "Sak", "plan_level": "planstrategi", "campaign": "1e3"}, "Choose from the list."),
    ]
    for data, message in cases:
        r = post_form(staff, "/staff/sustainability", {"case_number": "2027/55", **data})
        assert r.status_code == 400 and message in r.text, data
        assert data.get("case_number", "2027/55") in r.text
    assert session.exec(select(Worksheet)).all() == []
    # Details of an open worksheet: the same checks, nothing changed.
    ws = open_worksheet(staff, name="Riktig navn")
    r = post_form(staff, f"/staff/sustainability/worksheets/{ws}/details", {"name": "", "case_number": "1"})
    assert r.status_code == 400
    session.rollback()
    assert session.get(Worksheet, ws).name == "Riktig navn"  # type: ignore[union-attr]


def test_organisations_never_see_each_others_worksheets(session):
    staff, _ = logged_in(session, "admin", org="testby")
    ws = open_worksheet(staff, name="Hemmelig sak i Testby")
    answer(staff, ws)
    other, _ = logged_in(session, "admin", org="annenby")
    assert "Hemmelig sak i Testby" not in other.get("/staff/sustainability").text
    for url in (
        f"/staff/sustainability/worksheets/{ws}",
        f"/staff/sustainability/worksheets/{ws}/summary",
        f"/staff/sustainability/worksheets/{ws}/summary.pdf",
        f"/staff/sustainability/worksheets/{ws}/summary.docx",
    ):
        assert other.get(url).status_code == 404, url
    for url, data in (
        (
            f"/staff/sustainability/worksheets/{ws}",
            [("choice-bolig", "negative"), ("reason-bolig", "Overtatt")],
        ),
        (f"/staff/sustainability/worksheets/{ws}/details", {"name": "Overtatt"}),
        (f"/staff/sustainability/worksheets/{ws}/outcome", {}),
    ):
        assert post_form(other, url, data).status_code == 404, url
    session.rollback()
    assert session.get(Worksheet, ws).name == "Hemmelig sak i Testby"  # type: ignore[union-attr]
    bolig = session.exec(
        select(WorksheetAnswer).where(WorksheetAnswer.worksheet_id == ws, WorksheetAnswer.theme == "bolig")
    ).one()
    assert bolig.choice == "positive"
    # Another organisation's campaign cannot be chosen for the scores.
    assert service.campaign_of(session, 10**6, "1") is None


def test_analysts_read_but_do_not_write(session):
    staff, _ = logged_in(session, "admin")
    ws = open_worksheet(staff)
    analyst, _ = logged_in(session, "analyst")
    assert analyst.get(f"/staff/sustainability/worksheets/{ws}/summary").status_code == 200
    assert "Open the worksheet" not in analyst.get("/staff/sustainability").text
    assert answer(analyst, ws).status_code == 403
    assert (
        post_form(analyst, "/staff/sustainability", {"name": "X", "plan_level": "planstrategi"}).status_code
        == 403
    )


def test_every_page_renders_in_every_language(session):
    staff, _ = logged_in(session, "admin")
    ws = open_worksheet(staff)
    answer(staff, ws)
    for lang in ("nb", "nn", "en", "se", "uk", "ar"):
        for url in (
            "/staff/sustainability",
            f"/staff/sustainability/worksheets/{ws}",
            f"/staff/sustainability/worksheets/{ws}/summary",
            "/staff/sustainability/funding",
            "/staff/sustainability/funding/new",
        ):
            assert staff.get(f"{url}?lang={lang}").status_code == 200, (url, lang)
    assert "Boligsituasjonen" in staff.get(f"/staff/sustainability/worksheets/{ws}?lang=nb").text
    assert "Bustadsituasjonen" in staff.get(f"/staff/sustainability/worksheets/{ws}?lang=nn").text
    assert (
        "Housing" in staff.get(f"/staff/sustainability/worksheets/{ws}?lang=uk").text
    )  # English before Bokmål
    # A resident-only language is never a staff page's: UI and content stay in the staff language (en here).
    page = staff.get(f"/staff/sustainability/worksheets/{ws}?lang=pl").text
    assert '<html lang="en"' in page and "Housing" in page and "Rule of thumb" in page
    word = staff.get(f"/staff/sustainability/worksheets/{ws}/summary.docx?lang=lettlest")
    document = zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml").decode()
    assert word.status_code == 200 and "Housing" in document and "Assessment" in document


def test_odd_values_in_every_field_never_answer_500(session):
    from app.main import app
    from app.models.sustainability import FundingScheme
    from tests.client import TestClient
    from tests.staff_support import csrf_of

    staff, _ = logged_in(session, "admin")
    ws = open_worksheet(staff)
    answer(staff, ws)
    post_form(staff, "/staff/sustainability/funding/starter", {})
    session.rollback()
    scheme = session.exec(select(FundingScheme)).first()
    assert scheme is not None
    client = TestClient(app, raise_server_exceptions=False, cookies=dict(staff.cookies))
    token = csrf_of(client.get("/staff").text)
    fields = ["name", "plan_level", "case_number", "campaign", "outcome", "provider", "description", "place",
              "url", "deadline", "q", "page", "lang"] + [f"{k}-{t}" for k in ("choice", "reason")
                                                          for t in ("bolig", "natur", "nowhere")]
    base = f"/staff/sustainability/worksheets/{ws}"
    odd = ["\x00", "²", "٣", "-1", "9223372036854775808", "x" * 6000, "%", "'; DROP TABLE worksheet; --"]
    for bad in odd:
        query = "&".join(f"{f}={quote(bad)}" for f in fields)
        for url in ("/staff/sustainability", base, f"{base}/summary", f"{base}/summary.docx",
                    "/staff/sustainability/funding", f"/staff/sustainability/funding/{scheme.id}"):
            short = "&".join(f"{f}={quote(bad[:300])}" for f in fields)  # a URL has a length limit
            assert client.get(f"{url}?{short}").status_code < 500, (url, bad)
        for url in ("/staff/sustainability", base, f"{base}/details", f"{base}/outcome",
                    "/staff/sustainability/funding", f"/staff/sustainability/funding/{scheme.id}"):
            r = client.post(url, content=f"csrf={token}&{query}", follow_redirects=False,
                            headers={"content-type": "application/x-www-form-urlencoded"})
            assert r.status_code < 500, (url, bad, r.text[-300:])
    session.rollback()
    assert session.get(FundingScheme, scheme.id).name == scheme.name  # type: ignore[union-attr]
    stored = session.exec(select(WorksheetAnswer).where(WorksheetAnswer.worksheet_id == ws)).all()
    # NUL is taken out before any route (CleanInput): an empty choice and reason then clear bolig and natur.
    assert {a.theme: (a.choice, a.reason) for a in stored} == {
        k: v for k, v in ANSWERS.items() if k not in ("bolig", "natur")}
