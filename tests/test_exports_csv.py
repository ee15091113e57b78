"""The exports, byte for byte: a fixture campaign's CSV is pinned exactly as the ORM export wrote it
before the streaming rewrite (BOM, column order, quoting, formula neutralising, masking, approved
comments only, profile columns) and the browser route serves those same bytes; NDJSON and XLSX
hold the same cells; the XLSX starts before any row is read; an abandoned stream lets go."""

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import update
from sqlmodel import Session

from app.db import get_engine
from app.models import Campaign, Response, User
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.results.comments import review
from app.results.exports import XLSX_MEDIA, csv_stream, ndjson_stream, xlsx_stream
from tests.helpers import statements, themes
from tests.results_helpers import campaign, login

# Values a spreadsheet would run as a formula, and plain ones that must stay as typed.
RISKY = ["=1", " =1", "+", "-", "@SUM(A1)", "\tx", "\r=2", "\uff1d3"]
PLAIN = ["Benk ved elva, og lys", 'Han sa "hei"', "linje 1\nlinje 2", "e-post: kari@example.no",
         "ring 912 34 567", "1-2 ganger", "شارع هادئ", ""]


def rid(n: int) -> str:
    return str(uuid.UUID(int=n * 0x1111_1111_1111_1111 + 7))


def build(session: Session) -> tuple[Campaign, User]:
    """Seven responses covering every kind of cell; fixed ids and times, so the export is fixed."""
    c, user = campaign(session, slug="exp")
    names = themes()
    spec = [  # (n, area, mode, group, consensus, scores, profile)
        (3, "sentrum", "survey", None, False, {t: 1 + i % 7 for i, t in enumerate(names)},
         {"age_band": "25-34", "gender": "female", "years_in_area": "5_9"}),
        (1, "nord", "walk", " =Ungdomsrådet", True, {t: None for t in names[:5]}, {}),
        (5, "sentrum", "paper", "+Gruppe", False, {t: 7 for t in names[::2]}, {"gender": "other"}),
        (2, "nord", "workshop", "Eldrerådet, torsdag", False, {t: 4 for t in names}, {"age_band": "80+"}),
        (7, "sentrum", "survey", None, False, {names[0]: 2}, {}),
        (4, "sentrum", "survey", None, False, {}, {"years_in_area": "under_1"}),
        (6, "nord", "walk", "@gruppe", False, {t: 3 for t in names}, {}),
    ]
    texts = RISKY + PLAIN
    for k, (n, area, mode, group, consensus, scores, profile) in enumerate(spec):
        answers = {}
        for i, (t, s) in enumerate(scores.items()):
            good = texts[(k * 3 + i) % len(texts)] or None
            better = texts[(k * 5 + i * 2 + 1) % len(texts)] or None
            answers[t] = {"score": s, "good": good, "better": better}
        body = ResponseIn(id=uuid.UUID(rid(n)), area=area, mode=mode, locale=("nb", "en", "ar")[k % 3],
                          answers=answers, profile=profile)
        session.rollback()
        out = submit(session, c, body, staff=user, group_label=group, is_consensus=consensus)
        assert out.created
        session.commit()
        at = datetime(2026, 3, 1, 12, 0, 0, 123456 * (k % 2), tzinfo=UTC) + timedelta(hours=k)
        session.exec(update(Response).where(Response.id == rid(n)).values(submitted_at=at))  # type: ignore[call-overload]
        session.commit()
    # Approve some comments, hide others; unreviewed ones are never exported.
    for n in (1, 2, 3, 5, 6):
        for i, t in enumerate(names):
            for kind, status in (("good", "approved" if i % 3 else "hidden"),
                                 ("better", "approved" if i % 2 == 0 else "new")):
                if status != "new":
                    review(session, c, rid(n), t, kind, status, user)
    session.commit()
    # A second campaign in the same database must not leak into the export.
    other, _ = campaign(session, slug="annen")
    body = ResponseIn(id=uuid.UUID(rid(8)), area="sentrum", locale="nb",
                      answers={names[0]: {"score": 1, "good": "=annen"}}, profile={})
    session.rollback()
    submit(session, other, body, staff=user)
    session.commit()
    return c, user


def export_bytes(campaign_id: int) -> bytes:
    return b"".join(csv_stream(campaign_id))


# What the ORM export (app/results/exports.py before the streaming rewrite) wrote for build().
EXPECTED = (
    '\ufeffresponse_id,area,mode,locale,survey_version,submitted_at,is_consensus,group_lab'
    'el,is_demo,moving_around,moving_around_good,moving_around_better,public_transpor'
    't,public_transport_good,public_transport_better,traffic_parking,traffic_parking_'
    'good,traffic_parking_better,streets_spaces,streets_spaces_good,streets_spaces_be'
    'tter,natural_space,natural_space_good,natural_space_better,play_recreation,play_'
    'recreation_good,play_recreation_better,facilities_services,facilities_services_g'
    'ood,facilities_services_better,work_economy,work_economy_good,work_economy_bette'
    'r,housing_community,housing_community_good,housing_community_better,social_inter'
    'action,social_interaction_good,social_interaction_better,identity_belonging,iden'
    'tity_belonging_good,identity_belonging_better,feeling_safe,feeling_safe_good,fee'
    'ling_safe_better,care_maintenance,care_maintenance_good,care_maintenance_better,'
    'influence_control,influence_control_good,influence_control_better,profile_age_ba'
    'nd,profile_gender,profile_years_in_area,profile_occupation,profile_household,pro'
    'file_home_language,profile_disability\r\n'
    '00000000-0000-0000-1111-111111111118,nord,walk,en,1,2026-03-01T13:00:00.123456+0'
    '0:00,1,\' =Ungdomsrådet,0,dk,,"\'\r=2",dk,\'@SUM(A1),,dk,\'\tx,"linje 1\nlinje 2",dk,,,'
    "dk,'＝3,شارع هادئ,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"
    '00000000-0000-0000-2222-222222222229,nord,workshop,nb,1,2026-03-01T15:00:00.1234'
    '56+00:00,0,"Eldrerådet, torsdag",0,4,,\'=1,4,"linje 1\nlinje 2",,4,e-post: [e-mail'
    ' hidden],\'@SUM(A1),4,,,4,1-2 ganger,"Benk ved elva, og lys",4,شارع هادئ,,4,,ring'
    ' [phone hidden],4,\'=1,,4,\' =1,\'=1,4,,,4,\'-,\'@SUM(A1),4,\'@SUM(A1),,4,,"Benk ved'
    ' elva, og lys",4,"\'\r=2",,80+,,,,,,\r\n'
    '00000000-0000-0000-3333-33333333333a,sentrum,survey,nb,1,2026-03-01T12:00:00+00:'
    '00,0,,0,1,,\' =1,2,\' =1,,3,\'+,\'\tx,4,,,5,\'@SUM(A1),"Han sa ""hei""",6,\'\tx,,7,,1-2 '
    'ganger,1,\'＝3,,2,"Benk ved elva, og lys",\' =1,3,,,4,"linje 1\nlinje 2",\'\tx,5,e-pos'
    't: [e-mail hidden],,6,,"Han sa ""hei""",7,1-2 ganger,,25-34,female,5_9,,,,\r\n'
    '00000000-0000-0000-4444-44444444444b,sentrum,survey,ar,1,2026-03-01T17:00:00.123'
    '456+00:00,0,,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,under_1,,,,\r\n'
    '00000000-0000-0000-5555-55555555555c,sentrum,paper,ar,1,2026-03-01T14:00:00+00:0'
    '0,0,\'+Gruppe,0,7,,e-post: [e-mail hidden],,,,7,\'＝3,1-2 ganger,,,,7,"Benk ved elv'
    'a, og lys",,,,,7,,\' =1,,,,7,"linje 1\nlinje 2",\'-,,,,7,e-post: [e-mail hidden],\'\t'
    "x,,,,7,,'＝3,,,,,other,,,,,\r\n"
    '00000000-0000-0000-6666-66666666666d,nord,walk,nb,1,2026-03-01T18:00:00+00:00,0,'
    '\'@gruppe,0,3,,,3,\'-,,3,\'@SUM(A1),\'-,3,,,3,"\'\r=2",\'＝3,3,\'＝3,,3,,e-post: [e-mail h'
    'idden],3,"Han sa ""hei""",,3,"linje 1\nlinje 2",,3,,,3,ring [phone hidden],\'-,3'
    ",1-2 ganger,,3,,'＝3,3,,,,,,,,,\r\n"
    '00000000-0000-0000-7777-77777777777e,sentrum,survey,en,1,2026-03-01T16:00:00+00:'
    '00,0,,0,2,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n'
).encode()


def test_the_csv_export_is_byte_identical_to_the_pinned_output(session):
    c, _ = build(session)
    assert c.id is not None
    body = export_bytes(c.id)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body == EXPECTED


def test_the_browser_route_serves_the_same_bytes(client, session):
    c, user = build(session)
    login(client, user)
    r = client.get("/staff/results/exp/export.csv")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content == EXPECTED


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_ndjson_holds_the_csv_columns_and_cells_line_by_line(session):
    c, _ = build(session)
    assert c.id is not None
    body = b"".join(ndjson_stream(c.id))
    assert not body.startswith(b"\xef\xbb\xbf") and body.endswith(b"\n")
    header, *rows = csv_rows(EXPECTED)
    objects = [json.loads(line) for line in body.decode().splitlines()]
    assert len(objects) == len(rows) == 7
    for obj, row in zip(objects, rows, strict=True):
        assert list(obj) == header
        assert [str(v) for v in obj.values()] == row
        assert isinstance(obj["survey_version"], int) and obj["is_consensus"] in (0, 1)
    assert objects[0]["group_label"] == "' =Ungdomsrådet" and objects[0]["moving_around"] == "dk"


def test_xlsx_streams_the_same_rows_and_opens_in_openpyxl(session):
    c, _ = build(session)
    assert c.id is not None
    summary: list[list[object]] = [["theme", "n", "mean"], ["=moving_around", 7, 3.5], ["x", None, None]]
    with statements() as seen:
        chunks = xlsx_stream(c.id, lambda _session, _campaign: summary)
        first = next(chunks)
        # The workbook's first bytes leave before any database work at all.
        assert first.startswith(b"PK\x03\x04") and seen == []
        body = first + b"".join(chunks)
    wb = load_workbook(io.BytesIO(body), read_only=True)
    assert wb.sheetnames == ["Summary", "Responses"]
    assert [list(r) for r in wb["Summary"].iter_rows(values_only=True)] == [
        ["theme", "n", "mean"], ["'=moving_around", 7, 3.5], ["x", None, None]]
    got = [["" if v is None else str(v) for v in r] for r in wb["Responses"].iter_rows(values_only=True)]
    assert got == csv_rows(EXPECTED)


def test_the_browser_xlsx_route_streams_a_workbook_with_every_response(client, session):
    c, user = build(session)
    login(client, user)
    r = client.get("/staff/results/exp/export.xlsx", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(XLSX_MEDIA)
    assert "content-encoding" not in r.headers  # a zip already: never compressed a second time
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in wb["Responses"].iter_rows(values_only=True)]
    assert rows == csv_rows(EXPECTED)
    assert [row[0] for row in wb["Summary"].iter_rows(values_only=True)][:2] == ["theme", "moving_around"]


def test_an_abandoned_stream_gives_its_connection_back(session):
    c, _ = build(session)
    assert c.id is not None
    pool = get_engine().pool
    before = pool.checkedout()
    stream = csv_stream(c.id)
    next(stream)
    next(stream)  # the first batch: the scan is open
    assert pool.checkedout() == before + 1
    stream.close()  # what the server does when the client goes away
    assert pool.checkedout() == before
