"""Walk-and-talk notes in the exports: CSV (with BOM) and XLSX, one row per note with its session
and stop, formula-safe, and only for the campaign's own organisation."""

import csv
import io
import uuid

from openpyxl import load_workbook

from tests.staff_support import campaign_form, logged_in, post_form
from tests.test_field_sessions import running, session_form

NOTES = [("0", "Mørkt under brua"), ("2", "=HYPERLINK(\"http://x\",\"klikk\")"), ("", " +47 god utsikt"),
         ("1", "@SUM(1)")]


def walked(client) -> int:
    """A campaign with one walk-and-talk of three stops and four notes, made over HTTP."""
    assert post_form(client, "/staff/campaigns/new", campaign_form(title="Sentrum 2027", **running())
                     ).status_code == 303
    new = "/staff/campaigns/sentrum-2027/sessions/new"
    r = post_form(client, new, session_form(), new)
    assert r.status_code == 303
    session_id = int(r.headers["location"].rstrip("/").split("/")[-1])
    url = f"/staff/field/{session_id}"
    for stop, text in NOTES:
        r = post_form(client, f"{url}/notes", {"stop": stop, "note": text, "note_id": str(uuid.uuid4())}, url)
        assert r.status_code == 303
    return session_id


def test_notes_export_as_csv_and_xlsx_with_stops_and_no_live_formulas(session):
    client, _ = logged_in(session, "facilitator")
    session_id = walked(client)
    assert "/staff/results/sentrum-2027/field-notes.csv" in client.get("/staff/results/sentrum-2027").text
    r = client.get("/staff/results/sentrum-2027/field-notes.csv")
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert lines[0] == ["session_id", "session_kind", "session_title", "held_on", "area", "group_label",
                        "stop_number", "stop", "note_id", "created_at", "text"]
    body = lines[1:]
    assert len(body) == 4 and {line[0] for line in body} == {str(session_id)}
    by_text = {line[10]: line for line in body}
    assert by_text["Mørkt under brua"][6:8] == ["1", "Torget"]
    assert by_text["'@SUM(1)"][6:8] == ["2", "Bussterminalen"]
    assert by_text["'+47 god utsikt"][6:8] == ["", ""]  # a note for the whole walk
    assert "'=HYPERLINK(\"http://x\",\"klikk\")" in by_text
    assert all(not line[10].lstrip().startswith(("=", "+", "-", "@")) for line in body)
    assert body[0][1:6] == ["walk", "Ungdomsrådet går Sentrum", "2027-03-10", "sentrum", "ungdomsrådet"]

    x = client.get("/staff/results/sentrum-2027/field-notes.xlsx")
    assert x.status_code == 200
    sheet = load_workbook(io.BytesIO(x.content))["field_notes"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == lines[0] and len(cells) == 5
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formula anywhere
    assert "'=HYPERLINK(\"http://x\",\"klikk\")" in [row[10] for row in cells]


def test_another_organisation_and_a_resident_get_no_notes(session, client):
    facilitator, _ = logged_in(session, "facilitator")
    walked(facilitator)
    stranger, _ = logged_in(session, "admin", org="annenby")
    for suffix in ("csv", "xlsx"):
        assert stranger.get(f"/staff/results/sentrum-2027/field-notes.{suffix}").status_code == 404
        anonymous = client.get(f"/staff/results/sentrum-2027/field-notes.{suffix}", follow_redirects=False)
        assert anonymous.status_code in (303, 401) and b"Torget" not in anonymous.content
    empty = stranger.get("/staff/results/nothing-here/field-notes.csv")
    assert empty.status_code == 404
