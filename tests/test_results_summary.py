"""The summary: figures per theme, breakdowns, hiding small cells, consensus apart, the API."""

import csv
import io
import random
import statistics

from app.auth.service import create_token
from app.results.breakdowns import breakdown
from app.results.disclosure import cut
from app.results.service import consensus_summary, theme_summary
from tests.helpers import themes
from tests.results_helpers import add, campaign, login

T0 = "moving_around"


def test_theme_summary_figures_and_dont_know(session):
    c, u = campaign(session)
    for s in [1, 2, 2, 5, 7, None, None]:
        add(session, c, u, {T0: s, "feeling_safe": 3})
    stats = theme_summary(session, c)
    assert [s.theme for s in stats] == themes()
    first = stats[0]
    assert (first.n, first.dont_know, first.histogram) == (5, 2, [1, 2, 0, 0, 1, 0, 1])
    assert first.mean == round(statistics.mean([1, 2, 2, 5, 7]), 2)
    assert first.median == 2
    lo, hi = first.ci95
    assert lo < first.mean < hi
    # a theme nobody answered has no figures, but is not "hidden" for privacy
    assert stats[1].n == 0 and stats[1].mean is None and not stats[1].hidden


def test_consensus_is_its_own_series_never_averaged_in(session):
    c, u = campaign(session)
    for _ in range(5):
        add(session, c, u, 2)
    add(session, c, u, 7, mode="workshop", group="Ungdomsrådet", consensus=True)
    assert theme_summary(session, c)[0].mean == 2.0
    # one group's agreement is one answer: under k it is hidden like any other small cell
    assert consensus_summary(session, c)[0].hidden
    for i in range(4):
        add(session, c, u, 7, mode="workshop", group=f"Gruppe {i}", consensus=True)
    assert theme_summary(session, c)[0].mean == 2.0
    cons = consensus_summary(session, c)
    assert (cons[0].n, cons[0].mean) == (5, 7.0)


def test_small_area_shows_nothing_and_secondary_suppression(session):
    c, u = campaign(session)
    for _ in range(6):
        add(session, c, u, 5, area="sentrum", profile={"age_band": "25-34"})
    for _ in range(7):
        add(session, c, u, 3, area="sentrum", profile={"age_band": "35-44"})
    for _ in range(2):
        add(session, c, u, 6, area="nord", profile={"age_band": "67-79"})
    assert all(s.hidden and s.mean is None for s in theme_summary(session, c, "nord"))
    by_area = {g.key: g for g in breakdown(session, c, "area")}
    # nord (2) is hidden, and so is sentrum: with the total known, either would give the other away
    assert by_area["nord"].hidden and by_area["nord"].n is None
    assert by_area["sentrum"].hidden
    by_age = {g.key: g for g in breakdown(session, c, "age_band")}
    assert by_age["67-79"].hidden
    assert by_age["25-34"].hidden  # next smallest (6) hidden with it
    assert not by_age["35-44"].hidden and by_age["35-44"].themes[0].mean == 3.0


def test_dont_know_does_not_count_towards_a_shown_cell(session):
    c, u = campaign(session)
    for i in range(8):
        add(session, c, u, {T0: 4 if i < 2 else None, "feeling_safe": 4}, group="A")
    for _ in range(6):
        add(session, c, u, 5, group="B")
    for _ in range(9):
        add(session, c, u, 6, group="C")
    groups = {g.key: g for g in breakdown(session, c, "group")}
    assert not any(g.hidden for g in groups.values())
    # A has 2 scores and 6 don't know in theme 1: the 2 scores would show, so the cell is hidden
    assert groups["A"].themes[0].hidden and groups["A"].themes[0].dont_know == 0
    assert groups["B"].themes[0].hidden and not groups["C"].themes[0].hidden
    i = themes().index("feeling_safe")
    assert not any(g.themes[i].hidden for g in groups.values())


def test_one_small_theme_cell_hides_the_next_smallest(session):
    c, u = campaign(session)
    for i in range(6):
        add(session, c, u, {T0: 4 if i < 2 else 5, "feeling_safe": 4 if i < 2 else None}, group="A")
    for _ in range(6):
        add(session, c, u, 5, group="B")
    for _ in range(9):
        add(session, c, u, 6, group="C")
    groups = {g.key: g for g in breakdown(session, c, "group")}
    i = themes().index("feeling_safe")
    assert groups["A"].themes[i].hidden  # 2 answers
    assert groups["B"].themes[i].hidden  # the next smallest, hidden with it
    assert not groups["C"].themes[i].hidden
    assert not groups["A"].themes[0].hidden  # the other themes stay


def test_profile_breakdown_has_not_answered(session):
    c, u = campaign(session)
    for _ in range(5):
        add(session, c, u, 2, profile={"age_band": "16-19"})
    for _ in range(5):
        add(session, c, u, 6)
    groups = {g.key: g for g in breakdown(session, c, "age_band")}
    assert groups["not_answered"].n == 5 and groups["not_answered"].themes[0].mean == 6.0
    assert groups["16-19"].themes[0].mean == 2.0


def _api(client, slug="res", headers=None, **params):
    return client.get(f"/api/v1/campaigns/{slug}/summary", params=params, headers=headers or {})


def test_api_access(client, session):
    c, u = campaign(session)
    assert _api(client).status_code == 401
    token = create_token(session, u.username)
    session.commit()
    assert _api(client, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    other, ou = campaign(session, "annen", org="annenby")
    other_token = create_token(session, ou.username)
    session.commit()
    assert _api(client, headers={"Authorization": f"Bearer {other_token}"}).status_code == 404
    c.results_public = True
    session.add(c)
    session.commit()
    assert _api(client).status_code == 200


def test_api_rejects_bad_parameters(client, session):
    c, _ = campaign(session, results_public=True)
    r = _api(client, area="nowhere", mode="teleport", group_by="shoe_size")
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"area", "mode", "group_by"}


def test_api_matches_recomputation_from_csv(client, session):
    """The summary API equals figures worked out again from the CSV export."""
    c, u = campaign(session)
    rng = random.Random(3)
    for _ in range(40):
        scores = {t: rng.choice([None, 1, 2, 3, 4, 5, 6, 7]) for t in themes() if rng.random() < 0.9}
        add(session, c, u, scores, area=rng.choice(["sentrum", "nord"]), mode=rng.choice(["survey", "paper"]),
            profile={"age_band": rng.choice(["16-19", "25-34"])})
    add(session, c, u, 1, consensus=True, group="Gruppe")  # never in the totals
    token = create_token(session, u.username)
    session.commit()
    login(client, u)
    export = client.get("/staff/results/res/export.csv")
    assert export.status_code == 200 and export.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 41
    for area, mode in [(None, None), ("nord", None), (None, "paper")]:
        params = {k: v for k, v in (("area", area), ("mode", mode)) if v}
        got = _api(client, headers={"Authorization": f"Bearer {token}"}, **params).json()
        subset = [r for r in rows if r["is_consensus"] == "0" and (not area or r["area"] == area)
                  and (not mode or r["mode"] == mode)]
        assert got["campaign"] == "res" and got["n"] == len(subset) and got["groups"] == []
        for t in got["themes"]:
            scores = [int(r[t["theme"]]) for r in subset if r[t["theme"]] not in ("", "dk")]
            assert t["n"] == len(scores)
            assert t["dont_know"] == sum(r[t["theme"]] == "dk" for r in subset)
            assert t["histogram"] == [scores.count(s) for s in range(1, 8)]
            assert t["mean"] == round(statistics.mean(scores), 2)
            assert t["median"] == statistics.median(scores)
            assert t["ci95"][0] < t["mean"] < t["ci95"][1]


def test_api_group_by_shape(client, session):
    c, u = campaign(session, results_public=True)
    for _ in range(5):
        add(session, c, u, 3, area="sentrum")
        add(session, c, u, 6, area="nord")
    # the public reads releases, never the live tallies: nothing until one is cut
    assert _api(client, group_by="area").json()["groups"] == []
    assert cut(session, c) is not None
    session.commit()
    body = _api(client, group_by="area").json()
    assert set(body) == {"campaign", "n", "themes", "groups", "release"}
    assert body["release"]["seq"] == 1 and body["release"]["responses"] == 10
    assert set(body["themes"][0]) >= {"theme", "n", "dont_know", "mean", "ci95", "median", "histogram"}
    means = {g["key"]: g["themes"][0]["mean"] for g in body["groups"]}
    assert means == {"sentrum": 3.0, "nord": 6.0}
    assert _api(client, group_by="age_band", mode="paper").status_code == 422


def test_a_draft_answers_the_summary_api_like_an_unknown_address(client, session):
    """No 401 that would tell an outsider a draft exists under this slug (issue 11)."""
    c, _ = campaign(session)
    c.status, c.results_public = "draft", True
    session.add(c)
    session.commit()
    draft, unknown = _api(client), _api(client, slug="finnes-ikke")
    assert draft.status_code == unknown.status_code == 404
    assert draft.json()["error"] == unknown.json()["error"] == "not_found"
