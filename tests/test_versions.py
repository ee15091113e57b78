"""A campaign offering the adults', youth and children's versions of Stedskompasset: residents
pick one (or follow a link), each response records its version, and every result shows each
version apart and side by side on the shared themes, never averaged across scales."""

import re
import uuid

from sqlmodel import select

from app.admin.lifecycle import delete_responses
from app.models import Campaign, Response
from app.models.drafts import Draft
from app.models.results import ProfileTally, ResultTally
from app.results.disclosure import cut
from app.results.service import theme_summary
from app.results.versions import by_version, shared_themes
from tests.conftest import make_staff
from tests.resident_support import Resident
from tests.scales_support import answer, make_campaign, themes_of
from tests.staff_support import logged_in, post_form

ALL = ["youth", "children"]
T0 = "moving_around"


def _three(session, slug="alle", **extra):
    return make_campaign(session, slug, survey="stedskompasset", versions=ALL, **extra)


def _filled(session, slug="alle", **extra):
    """Five answers per version: adults say 6, young people 4, children 1 (on their own scales)."""
    c, u = _three(session, slug, **extra)
    for _ in range(5):
        answer(session, c, u, 6, profile={"age_band": "35-44"})
        answer(session, c, u, 4, survey="youth", profile={"age_band": "14-15"})
        answer(session, c, u, 1, survey="children", profile={"age_band": "9-10"})
    return c, u


def test_the_api_makes_a_campaign_with_versions_and_refuses_unknown_ones(client, auth, session):
    body = {"slug": "alle", "title": "Alle", "survey": "stedskompasset", "status": "open",
            "areas": [{"slug": "sentrum", "name": "Sentrum"}], "versions": ALL}
    r = client.post("/api/v1/campaigns", json=body, headers=auth)
    assert r.status_code == 201, r.text
    assert r.json()["versions"] == ALL
    for bad in (["nope"], ["stedskompasset"]):
        r = client.post("/api/v1/campaigns", json={**body, "slug": "feil", "versions": bad}, headers=auth)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "versions"
    session.rollback()
    assert session.exec(select(Campaign).where(Campaign.slug == "feil")).first() is None


def test_a_response_names_only_a_version_the_campaign_offers(session, client):
    c, _u = make_campaign(session, "bare-voksne", survey="stedskompasset")
    body = {"id": str(uuid.uuid4()), "area": "sentrum", "locale": "nb", "survey": "children",
            "answers": {T0: {"score": 2}}}
    r = client.post("/api/v1/campaigns/bare-voksne/responses", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "survey"
    _three(session)
    ok = client.post("/api/v1/campaigns/alle/responses", json={**body, "id": str(uuid.uuid4())})
    assert ok.status_code == 201 and ok.json()["survey"] == "children"
    off = client.post("/api/v1/campaigns/alle/responses",
                      json={**body, "id": str(uuid.uuid4()), "answers": {T0: {"score": 5}}})
    assert off.status_code == 422  # 5 is off the children's 1-3 scale
    no_theme = client.post("/api/v1/campaigns/alle/responses",
                           json={**body, "id": str(uuid.uuid4()), "answers": {"work_economy": {"score": 2}}})
    assert no_theme.status_code == 422  # the children's version has no such theme
    session.rollback()
    stored = session.exec(select(Response).where(Response.campaign_id != c.id)).all()
    assert [(r.survey_slug, r.survey_version) for r in stored] == [("children", 1)]


def test_a_child_picks_the_childrens_version_without_javascript(session, client):
    _three(session)
    kid = Resident(client, "alle", lang="nb")
    landing = kid.get("")
    assert landing.status_code == 200
    assert len(re.findall(r'<input type="radio" name="version"', landing.text)) == 3
    r = kid.post("", {"area": "sentrum", "version": "children"})
    assert r.status_code == 303 and r.headers["location"] == "/k/alle/tema/1"
    first = kid.get("/tema/1")
    assert "Tema 1 av 12" in first.text
    radios = re.findall(r'<input type="radio" name="score" value="(\d)"', first.text)
    assert radios == ["1", "2", "3"]
    # drawn faces, decorative: the label beside each says the choice in words
    assert first.text.count('<svg viewBox="0 0 40 40"') == 3 and first.text.count('aria-hidden="true"') >= 3
    for word in ("Ikke bra", "Sånn passe", "Bra"):
        assert f"{word}</span>" in first.text
    assert "&#x1F" not in first.text and "😀" not in first.text  # no emoji font
    assert kid.answer(1, score="4").status_code == 400  # off the scale: refused, nothing saved
    for n in range(1, 13):
        assert kid.answer(n, score="3").status_code == 303
    assert kid.profile(age_band="9-10").status_code == 303
    session.rollback()
    stored = session.exec(select(Response)).one()
    assert (stored.survey_slug, stored.survey_version) == ("children", 1)
    keys = set(session.exec(select(ResultTally.survey)).all())
    assert keys == {"children"}
    assert set(session.exec(select(ProfileTally.survey)).all()) == {"children"}


def test_a_link_preselects_a_version_and_a_switch_starts_afresh(session, client):
    _three(session)
    teen = Resident(client, "alle", lang="en")
    page = teen.client.get("/k/alle?v=youth&lang=en")
    assert re.search(r'name="version" value="youth"[^>]* checked', page.text)
    assert "Place Compass for young people" in page.text
    assert teen.post("", {"area": "sentrum", "version": "stedskompasset"}).status_code == 303
    assert teen.answer(1, score="7").status_code == 303
    teen.get("")
    assert teen.post("", {"area": "sentrum", "version": "children"}).headers["location"] == "/k/alle/tema/1"
    session.rollback()
    draft = session.exec(select(Draft)).one()
    assert (draft.survey_slug, draft.answers, draft.step) == ("children", {}, "1")
    refused = teen.post("", {"area": "sentrum", "version": "nope"})
    assert refused.status_code == 400 and "Choose the version of the survey that fits you." in refused.text


def test_versions_apart_and_side_by_side_never_averaged(session):
    c, _u = _filled(session)
    found = {v.survey.slug: v for v in by_version(session, c)}
    assert list(found) == ["stedskompasset", "youth", "children"]
    assert [found[s].stat(T0).mean for s in found] == [6.0, 4.0, 1.0]
    assert (found["children"].points.high, len(found["children"].stat(T0).histogram)) == (3, 3)
    assert found["stedskompasset"].n == found["youth"].n == found["children"].n == 5
    shared = shared_themes(list(found.values()))
    assert shared == themes_of("children")  # the 12 the children's version asks about
    # the campaign's own figures are the adults' alone, never a mix with the other scales
    assert theme_summary(session, c)[0].mean == 6.0
    assert theme_summary(session, c)[0].n == 5
    # the tallies count each version apart
    rows = session.exec(select(ResultTally.survey, ResultTally.theme, ResultTally.score)
                        .where(ResultTally.theme == T0)).all()
    assert {(s, sc) for s, _t, sc in rows} == {("", 6), ("youth", 4), ("children", 1)}


def test_the_staff_page_shows_each_version_and_the_shared_themes(session):
    c, _u = _filled(session)
    staff, _name = logged_in(session)
    page = staff.get("/staff/results/alle/versions")
    assert page.status_code == 200
    side = page.text.split('id="versions-side-by-side"')[1].split("</table>")[0]
    assert side.count('<tr><th scope="row">') == 12
    assert "scale 1–7" in side and "scale 1–3" in side
    cells = re.findall(r"<td>([\d.]+)", side)
    assert set(cells) == {"6.0", "4.0", "1.0"}  # per version, never one mean of all
    # no figure anywhere on the page is a mean across versions (that would be 3.67)
    figures = set(re.findall(r"<td>(\d+\.\d+)", page.text))
    assert figures == {"6.0", "4.0", "1.0"}
    assert page.text.count("<figure class=\"compass\">") == 3
    assert 'id="compass-children"' in page.text and "1 in the centre, 3 at the rim" in page.text
    assert "/staff/results/alle/versions" in staff.get("/staff/results/alle").text
    # another municipality never sees it
    other, _ = logged_in(session, org="annenby")
    assert other.get("/staff/results/alle/versions").status_code == 404


def test_small_versions_are_hidden_on_their_own(session):
    c, u = _three(session)
    for _ in range(5):
        answer(session, c, u, 5)
    for _ in range(2):
        answer(session, c, u, 2, survey="children")
    found = {v.survey.slug: v for v in by_version(session, c)}
    assert found["stedskompasset"].stat(T0).mean == 5.0
    assert found["children"].n is None and found["children"].stat(T0).hidden


def test_api_and_exports_keep_versions_apart(session, client):
    c, _u = _filled(session, results_public=True)
    _name, token = make_staff(session)
    auth = {"Authorization": f"Bearer {token}"}
    def api(**q):  # noqa: E306
        return client.get("/api/v1/campaigns/alle/summary", params=q, headers=auth).json()
    assert (api()["survey"], api()["themes"][0]["mean"]) == ("stedskompasset", 6.0)
    kids = api(survey="children")
    assert kids["scale"] == {"min": 1, "max": 3} and kids["themes"][0]["histogram"] == [5, 0, 0]
    assert api(survey="youth", group_by="age_band")["groups"][0]["key"] == "14-15"
    bad = client.get("/api/v1/campaigns/alle/summary", params={"survey": "nope"}, headers=auth)
    assert bad.status_code == 422
    # the public reads releases, each version under its own keys
    assert cut(session, c) is not None
    session.commit()
    public = client.get("/api/v1/campaigns/alle/summary").json()
    assert public["themes"][0]["mean"] == 6.0 and len(public["themes"][0]["histogram"]) == 7
    kids = client.get("/api/v1/campaigns/alle/summary", params={"survey": "children"}).json()
    assert kids["themes"][0]["mean"] == 1.0 and len(kids["themes"][0]["histogram"]) == 3
    page = client.get("/r/alle?v=children&lang=en")
    assert page.status_code == 200 and "to 3 (very little room" in page.text
    svg = client.get("/r/alle/compass.svg?v=children&lang=en").text
    assert svg.count("1 in the centre, 3 at the rim") == 1
    csv_text = client.get("/api/v1/campaigns/alle/responses.csv", headers=auth).text
    header, *rows = [line.split(",") for line in csv_text.strip().splitlines()]
    at = header.index("survey")
    assert sorted({r[at] for r in rows}) == ["children", "stedskompasset", "youth"]
    assert "work_economy" in header  # adults' and young people's theme, empty for children


def test_deleting_a_version_response_takes_it_from_that_versions_tallies(session):
    c, u = _three(session)
    kid = answer(session, c, u, 2, survey="children", profile={"age_band": "6-8"})
    answer(session, c, u, 6)
    session.rollback()
    assert delete_responses(session, [kid]) == 1
    session.commit()
    assert set(session.exec(select(ResultTally.survey)).all()) == {""}
    assert session.exec(select(ProfileTally).where(ProfileTally.survey == "children")).all() == []


def test_the_staff_form_offers_the_versions_and_keeps_them_once_published(session):
    admin, _ = logged_in(session)
    form = admin.get("/staff/campaigns/new")
    assert 'name="versions" value="youth"' in form.text and 'name="versions" value="children"' in form.text
    data = [("title", "Alle aldre"), ("slug", ""), ("survey", "stedskompasset"), ("areas", "Sentrum"),
            ("locales", "nb"), ("status", "open"), ("previous", ""), ("versions", "children"),
            ("versions", "youth")]
    r = post_form(admin, "/staff/campaigns/new", data)
    assert r.status_code == 303, r.text
    session.rollback()
    made = session.exec(select(Campaign).where(Campaign.slug == "alle-aldre")).one()
    assert made.settings["versions"] == ["children", "youth"]
    edit = [(k, v) for k, v in data if k != "versions"] + [("versions", "youth")]
    r = post_form(admin, "/staff/campaigns/alle-aldre/edit", edit, page="/staff/campaigns/alle-aldre/edit")
    assert r.status_code == 303, r.text
    session.rollback()
    # published: a version answers may exist for is never taken away
    assert set(session.get(Campaign, made.id).settings["versions"]) == {"children", "youth"}
    bad = post_form(admin, "/staff/campaigns/new", [*data[:-2], ("versions", "nope")])
    assert bad.status_code == 400 and "Choose only versions of this survey" in bad.text
    assert 'value="Alle aldre"' in bad.text  # what was typed is kept


def test_no_view_of_the_campaign_mixes_the_versions(session, client):
    """Every series staff and the public can ask for of a campaign with three versions: the
    campaign's own figures are the adults' alone (6), whatever the filter or breakdown."""
    from app.results.breakdowns import breakdown
    from app.results.summary import compare_series, public_series, public_summary, summary

    c, u = _filled(session, results_public=True)
    for _ in range(5):  # a second area, so breakdowns have several cells
        answer(session, c, u, 6, area="nord", profile={"age_band": "35-44"})
        answer(session, c, u, 1, survey="children", area="nord", profile={"age_band": "9-10"})
    labels = {"previous": "Før", "this": "Nå", "consensus": "Gruppe", "": "Ingen"}
    means = set()
    for by in ("area", "mode", "group", "age_band"):
        for g in breakdown(session, c, by):
            means |= {t.mean for t in g.themes if t.mean is not None}
        for g in compare_series(session, c, by, None, labels):
            means |= {t.mean for t in g.themes if t.mean is not None}
    means |= {t.mean for t in summary(session, c, group_by="age_band").themes if t.mean is not None}
    assert cut(session, c) is not None
    session.commit()
    total, groups = public_series(session, c, labels)
    means |= {t.mean for g in groups for t in g.themes if t.mean is not None}
    means |= {t.mean for t in public_summary(session, c, group_by="area").themes if t.mean is not None}
    assert means == {6.0}
    assert total.n == 10  # the adults' responses; the others are their versions' own
    kids = public_summary(session, c, version="children")
    assert {t.mean for t in kids.themes} == {1.0} and kids.n == 10


def test_the_campaign_page_gives_a_link_to_each_version(session):
    _three(session)
    staff, _ = logged_in(session)
    page = staff.get("/staff/campaigns/alle").text
    links = re.findall(r'href="(/k/alle\?v=[a-z]+)"', page)
    assert links == ["/k/alle?v=stedskompasset", "/k/alle?v=youth", "/k/alle?v=children"]
    assert "scale 1–3" in page
    make_campaign(session, "enkel", survey="stedskompasset")
    assert 'id="version-links"' not in staff.get("/staff/campaigns/enkel").text
