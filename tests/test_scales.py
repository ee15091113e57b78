"""Results on the children's 3-point scale: summary, interval, compass, disclosure, breakdowns,
exports, weighting, rounds, releases and the API, with no 1-7 assumption anywhere."""

import csv
import io
import math
import re
import statistics

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from app.common.errors import ApiError
from app.models import Area, Response
from app.models.results import PopulationCount, ResultTally
from app.results import compass
from app.results.breakdowns import breakdown, raw_groups
from app.results.disclosure import cut
from app.results.exports import csv_stream, xlsx_stream
from app.results.pages import _summary_sheet
from app.results.population import weighted_means
from app.results.service import theme_summary
from app.results.stats import Points
from app.results.summary import compare_series
from tests.conftest import make_staff
from tests.scales_support import answer, make_campaign, themes_of

T0, T1 = "moving_around", "feeling_safe"


def test_summary_counts_and_figures_on_three_points(session):
    c, u = make_campaign(session, "barn")
    for s in (1, 2, 2, 3, 3, 3, None):
        answer(session, c, u, s, **{T1: 3 if s is None else 1 if s == 1 else 3})
    stats = {s.theme: s for s in theme_summary(session, c)}
    assert list(stats) == themes_of("children") and len(stats) == 12
    first = stats[T0]
    assert (first.n, first.dont_know, first.histogram) == (6, 1, [1, 2, 3])
    assert first.mean == round(statistics.mean([1, 2, 2, 3, 3, 3]), 2)
    assert first.median == 2.5
    lo, hi = first.ci95
    assert 1 <= lo < first.mean < hi <= 3
    # one 1 and six 3s: the interval would pass 3 unclamped; it stays on the scale
    safe = stats[T1]
    assert safe.histogram == [1, 0, 6] and safe.ci95[1] == 3.0
    # the raw tallies are as wide as the scale: don't know, then 1, 2, 3
    rows = session.exec(select(ResultTally.score).where(ResultTally.campaign_id == c.id)).all()
    assert set(rows) <= {0, 1, 2, 3}


def test_a_score_off_the_scale_is_refused_and_nothing_stored(session, client):
    c, u = make_campaign(session, "barn")
    for bad in (4, 7, 0, -1):
        with pytest.raises(ApiError) as err:
            answer(session, c, u, 2, **{T0: bad})
        assert err.value.status == 422
        assert "from 1 to 3" in str(err.value.errors)
    session.rollback()
    assert session.exec(select(Response)).all() == []
    body = {"id": "6a0c1c3e-5d1e-4b87-9a55-2f8f3f9a0c11", "area": "sentrum", "locale": "nb",
            "answers": {T0: {"score": 5}}}
    r = client.post("/api/v1/campaigns/barn/responses", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == f"answers.{T0}.score"


def test_disclosure_hides_small_cells_on_three_points(session):
    c, u = make_campaign(session, "barn")
    for _ in range(6):
        answer(session, c, u, 3, area="sentrum", profile={"age_band": "6-8"})
    for _ in range(4):
        answer(session, c, u, 1, area="nord", profile={"age_band": "11-12"})
    by_area = {g.key: g for g in breakdown(session, c, "area")}
    # nord (4 < k) is hidden, and so is sentrum: with the total shown, either gives the other away
    assert by_area["nord"].hidden and by_area["sentrum"].hidden
    assert all(t.hidden and t.histogram == [0, 0, 0] for t in by_area["nord"].themes)
    total = theme_summary(session, c)[0]
    assert (total.n, total.histogram) == (10, [4, 0, 6])
    for _ in range(2):
        answer(session, c, u, 2, area="nord", profile={"age_band": "11-12"})
    by_age = {g.key: g for g in breakdown(session, c, "age_band")}
    assert by_age["6-8"].themes[0].histogram == [0, 0, 6]
    assert by_age["11-12"].themes[0].histogram == [4, 2, 0]
    raw = raw_groups(session, c, "age_band")
    assert raw["11-12"][T0] == [0, 4, 2, 0]  # don't know, 1, 2, 3: as wide as the scale


def test_compass_rings_and_rim_follow_the_scale():
    three = compass.render(["A", "B", "C"], [compass.Series("x", [3, 1, 2])], "t", points=Points(1, 3))
    seven = compass.render(["A", "B", "C"], [compass.Series("x", [7, 1, 4])], "t", points=Points(1, 7))
    assert three.count("<polygon points=") - seven.count("<polygon points=") == 2 - 6  # rings 2..high
    axis = re.findall(r'font-size="11" fill="#555">(\d+)</text>', three)
    assert axis == ["1", "2", "3"]
    # the top score of either scale lies on the rim, the bottom one at the centre: same drawing
    path3 = re.search(r'<path d="([^"]+)" fill="none" stroke', three).group(1)
    path7 = re.search(r'<path d="([^"]+)" fill="none" stroke', seven).group(1)
    assert path3 == path7
    x, y = (float(v) for v in re.match(r"M([\d.]+) ([\d.]+)", path3).groups())
    assert math.isclose(math.hypot(x - compass.CX, y - compass.CY), compass.R, abs_tol=0.1)


def test_staff_pages_and_downloads_name_the_three_point_scale(session, client):
    from tests.results_helpers import login

    c, u = make_campaign(session, "barn")
    for s in (1, 2, 3, 3, 2, 1):
        answer(session, c, u, s)
    login(client, u)
    page = client.get("/staff/results/barn?lang=en")
    assert page.status_code == 200
    assert "1 = much room for improvement, 3 = little" in page.text
    assert 'min="1" max="3"' in page.text and 'max="7"' not in page.text
    svg = client.get("/staff/results/barn/compass.svg?lang=en").text
    assert "1 in the centre, 3 at the rim" in svg
    comments = client.get("/staff/results/barn/comments?lang=en").text
    assert '<option value="3"' in comments and '<option value="4"' not in comments


def test_exports_on_three_points(session):
    c, u = make_campaign(session, "barn")
    ids = [answer(session, c, u, s, **{T1: None}) for s in (1, 1, 1, 3, 3)]
    text = b"".join(csv_stream(c.id)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r[T0] for r in rows) == ["1", "1", "1", "3", "3"] and {r[T1] for r in rows} == {"dk"}
    assert "work_economy" not in rows[0]  # the children's version has no such theme
    assert {r["response_id"] for r in rows} == set(ids)
    sheet = _summary_sheet(session, c)
    assert sheet[0][-3:] == ["1", "2", "3"] and len(sheet) == 1 + 12
    assert sheet[1][0] == T0 and sheet[1][-3:] == [3, 0, 2]
    book = load_workbook(io.BytesIO(b"".join(xlsx_stream(c.id, _summary_sheet))), read_only=True)
    summary = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert summary[0][-3:] == ["1", "2", "3"]


def test_weighting_on_three_points(session):
    c, u = make_campaign(session, "barn")
    for _ in range(5):
        answer(session, c, u, 1, profile={"age_band": "6-8"})
        answer(session, c, u, 3, profile={"age_band": "9-10"})
    area = session.exec(select(Area).where(Area.campaign_id == c.id, Area.slug == "sentrum")).one()
    for band, people in (("6-8", 100), ("9-10", 300)):
        session.add(PopulationCount(campaign_id=c.id, area_id=area.id, age_band=band, gender="total",
                                    count=people))
    session.commit()
    weighted = {w.theme: w for w in weighted_means(session, c)}
    # a quarter of the children are 6-8 (all said 1), three quarters 9-10 (all said 3)
    assert weighted[T0].mean == 2.5 and weighted[T0].n == 10


def test_rounds_compare_on_one_scale_only(session):
    first, u = make_campaign(session, "barn-1")
    for _ in range(5):
        answer(session, first, u, 1)
    second, _ = make_campaign(session, "barn-2")
    second.previous_campaign_id = first.id
    session.add(second)
    session.commit()
    for _ in range(5):
        answer(session, second, u, 3)
    labels = {"previous": "Før", "this": "Nå", "consensus": "Gruppe"}
    rounds = compare_series(session, second, "round", None, labels, first)
    assert [g.themes[0].mean for g in rounds] == [1.0, 3.0]
    assert all(len(g.themes[0].histogram) == 3 for g in rounds)
    adults, _ = make_campaign(session, "voksne", survey="stedskompasset")
    for _ in range(5):
        answer(session, adults, u, 7)
    # an adults' round after a children's one: never laid over it (a 3 is not a 7)
    mixed = compare_series(session, adults, "round", None, labels, second)
    assert [g.themes[0].mean for g in mixed] == [7.0]


def test_public_release_and_api_on_three_points(session, client):
    c, u = make_campaign(session, "barn", results_public=True)
    for s in (1, 2, 3, 3, 3):
        answer(session, c, u, s)
    assert cut(session, c) is not None
    session.commit()
    body = client.get("/api/v1/campaigns/barn/summary").json()
    assert body["themes"][0]["histogram"] == [1, 1, 3] and body["themes"][0]["mean"] == 2.4
    assert body["themes"][0]["ci95"][1] <= 3
    page = client.get("/r/barn?lang=en").text
    assert "from 1 (a lot of room for improvement) to 3" in page
    _name, token = make_staff(session)
    staff = client.get("/api/v1/campaigns/barn/summary?group_by=age_band",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert all(len(t["histogram"]) == 3 for t in staff["themes"])
