"""Staff results pages, comment moderation, population upload, downloads and the public page."""

import io
import re

from openpyxl import load_workbook
from sqlmodel import select

from app.models.results import CommentReview, PopulationCount
from app.results.disclosure import cut
from app.results.service import approved_comments
from tests.helpers import page_weight
from tests.results_helpers import add, campaign, csrf_of, login

POP = "area,age_band,gender,count\n" + "".join(
    f"{a},{b},{g},{n}\n" for a in ("sentrum", "nord")
    for b, n in (("16-19", 400), ("25-34", 300), ("67-79", 300)) for g in ("female", "male"))


def _data(session, public=False):
    c, u = campaign(session, results_public=public)
    for _ in range(6):
        add(session, c, u, 3, area="sentrum", profile={"age_band": "25-34"},
            good="Fin park, ring 912 34 567", better="=HYPERLINK(\"x\")")
        add(session, c, u, 6, area="nord", profile={"age_band": "67-79"}, good="Skriv til ola@example.no")
    add(session, c, u, 2, area="nord", profile={"age_band": "16-19"}, group="Ungdom")
    add(session, c, u, 5, mode="workshop", group="Ungdom", consensus=True)
    return c, u


def test_staff_compass_compares_areas_with_table_and_hides_small_cells(client, session):
    c, u = _data(session)
    assert client.get("/staff/results/res", follow_redirects=False).status_code == 303
    login(client, u)
    page = client.get("/staff/results/res")
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "Sentrum" in html and "Nord" in html and "<table" in html
    assert html.count("stroke-dasharray") >= 1  # the second series differs by dash, not colour only
    assert "Group consensus" in html or "konsensus" in html.lower()
    by_age = client.get("/staff/results/res", params={"compare": "age_band"}).text
    # 16-19 has one respondent: hidden, so is "not answered"/next smallest; 25-34 and 67-79 shown
    assert "fewer than 5" in by_age or "færre enn 5" in by_age
    by_group = client.get("/staff/results/res", params={"compare": "group"})
    assert by_group.status_code == 200
    for url in ("/staff/results/res/compass.svg?compare=area", "/staff/results/res/compass.png"):
        r = client.get(url)
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert client.get("/staff/results/res/compass.png").content.startswith(b"\x89PNG")
    assert client.get("/staff/results/res/compass.svg").text.startswith("<svg")


def test_other_organisation_gets_404(client, session):
    _data(session)
    _, other = campaign(session, "annen", org="annenby")
    login(client, other)
    for url in ("/staff/results/res", "/staff/results/res/comments", "/staff/results/res/export.csv"):
        assert client.get(url).status_code == 404


def test_comments_are_masked_and_only_approved_ones_go_public(client, session):
    c, u = _data(session, public=True)
    login(client, u)
    page = client.get("/staff/results/res/comments", params={"theme": "moving_around", "kind": "good"})
    assert page.status_code == 200
    assert "ola@example.no" not in page.text and "912 34 567" not in page.text
    assert page.text.count('name="status" value="approved"') == 12
    public = client.get("/r/res").text
    assert "Fin park" not in public
    rid = session.exec(select(CommentReview)).first()
    assert rid is None
    # approve one sentrum comment through the form, filtered by area
    filtered = client.get("/staff/results/res/comments",
                          params={"theme": "moving_around", "kind": "good", "area": "sentrum"})
    assert "ola@" not in filtered.text and filtered.text.count('name="status" value="approved"') == 6
    import re
    response_id = re.search(r'name="response_id" value="([^"]+)"', filtered.text).group(1)
    r = client.post("/staff/results/res/comments", data={
        "csrf": csrf_of(filtered.text), "response_id": response_id, "theme": "moving_around",
        "kind": "good", "status": "approved", "back": "theme=moving_around&kind=good"},
        follow_redirects=False)
    assert r.status_code == 303
    session.rollback()  # end the test session's read snapshot to see the page's commit
    # Stored and exported as the code; each page shows it in its reader's language.
    assert approved_comments(session, c, "moving_around", "good") == ["Fin park, ring [phone hidden]"]
    public = client.get("/r/res").text
    assert "Fin park, ring [telefon skjult]" in public and "912 34 567" not in public
    assert "Skriv til" not in public
    hidden = (("en", "[phone hidden]"), ("uk", "[телефон приховано]"), ("ar", "[الهاتف مخفي]"))
    for lang, placeholder in hidden:
        shown = client.get(f"/r/res?lang={lang}").text  # the placeholder in the reader's language
        assert f"Fin park, ring {placeholder}" in shown and "skjult" not in shown
    # hiding it again takes it off the public page
    client.post("/staff/results/res/comments", data={
        "csrf": csrf_of(filtered.text), "response_id": response_id, "theme": "moving_around",
        "kind": "good", "status": "hidden"})
    assert "Fin park" not in client.get("/r/res").text
    approved = client.get("/staff/results/res/comments",
                          params={"theme": "moving_around", "kind": "good", "status": "hidden"})
    assert approved.text.count('name="status" value="approved"') == 1


def test_population_upload_representation_and_weighted_means(client, session):
    c, u = _data(session)
    for _ in range(5):
        add(session, c, u, 2, area="nord", profile={"age_band": "16-19"})
    login(client, u)
    page = client.get("/staff/results/res/population")
    bad = client.post("/staff/results/res/population", data={"csrf": csrf_of(page.text)},
                      files={"file": ("p.csv", "area,age_band,gender,count\nmoon,25-34,female,x\n")})
    assert bad.status_code == 400
    assert "Linje 2" in bad.text and "moon" in bad.text and "aria-invalid" in bad.text
    assert session.exec(select(PopulationCount)).first() is None
    ok = client.post("/staff/results/res/population", data={"csrf": csrf_of(page.text)},
                     files={"file": ("p.csv", POP.encode("utf-8-sig"))}, follow_redirects=False)
    assert ok.status_code == 303
    session.rollback()
    assert len(session.exec(select(PopulationCount)).all()) == 12
    view = client.get("/staff/results/res/population").text
    # respondents: 16-19: 6, 25-34: 6, 67-79: 6; population 40/30/30 %
    assert "under-represented" in view or "underrepresentert" in view
    assert "Representation score" in view or "Representativitet" in view
    assert "Kjønn" in view  # the same against the population per gender
    weighted = client.get("/staff/results/res/population", params={"weighted": 1}).text
    # unweighted mean (6*2 + 6*3 + 6*6) / 18 = 3.67; weighted 0.4*2 + 0.3*3 + 0.3*6 = 3.50
    assert "3,67" in weighted and "3,50" in weighted  # the staff page is in Bokmål: a decimal comma


def test_exports_csv_and_xlsx(client, session):
    _data(session)
    login(client, session.exec(select(__import__("app.models", fromlist=["User"]).User)).first())
    csv_body = client.get("/staff/results/res/export.csv").content.decode("utf-8-sig")
    assert "=HYPERLINK" not in csv_body  # not approved, so not exported at all
    r = client.get("/staff/results/res/export.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    assert wb.sheetnames == ["Summary", "Responses"]
    rows = list(wb["Responses"].iter_rows(values_only=True))
    assert len(rows) == 1 + 14 and rows[0][0] == "response_id"
    summary = list(wb["Summary"].iter_rows(values_only=True))
    assert summary[1][0] == "moving_around" and summary[1][1] == 13


def test_formula_cells_are_neutralised(client, session):
    c, u = _data(session)
    login(client, u)
    rid = add(session, c, u, 4, better="=cmd|' /C calc'!A0", group="+Gruppe")
    from app.results.comments import review
    review(session, c, rid, "moving_around", "better", "approved", u)
    session.commit()
    body = client.get("/staff/results/res/export.csv").content.decode("utf-8-sig")
    assert "'=cmd" in body and "'+Gruppe" in body
    assert ",=cmd" not in body and ",+Gruppe" not in body


def test_public_page_only_when_published_and_small(client, session):
    c, _ = _data(session)
    assert client.get("/r/res").status_code == 404
    c.results_public, c.is_demo = True, True
    session.add(c)
    session.commit()
    page = client.get("/r/res")
    assert page.status_code == 200 and "<svg" in page.text and "<table" in page.text
    assert 'class="demo"' in page.text
    assert page_weight(client, "/r/res") <= 12 * 1024
    assert client.get("/r/res/compass.png").content.startswith(b"\x89PNG")
    # with a release the page shows its series, and stays within the budget
    from app.results.disclosure import cut
    assert cut(session, c) is not None
    session.commit()
    assert page_weight(client, "/r/res") <= 12 * 1024
    assert client.get("/r/res").text.count("stroke-dasharray") >= 1


def test_results_index_lists_only_own_campaigns(client, session):
    _, u = _data(session)
    campaign(session, "annen", org="annenby")
    login(client, u)
    page = client.get("/staff/results")
    assert page.status_code == 200
    assert "/staff/results/res" in page.text and "/staff/results/annen" not in page.text


def test_round_against_round_via_previous_campaign(client, session):
    old, u = campaign(session, "runde1")
    for _ in range(5):
        add(session, old, u, 2)
    new, _ = campaign(session, "res")
    new.previous_campaign_id = old.id
    session.add(new)
    session.commit()
    for _ in range(5):
        add(session, new, u, 6)
    login(client, u)
    page = client.get("/staff/results/res", params={"compare": "round"}).text
    assert "Kampanje runde1" in page and "Kampanje res" in page
    assert "2.0" in page and "6.0" in page
    svg = client.get("/staff/results/res/compass.svg", params={"compare": "round"}).text
    assert svg.count("<path d=") == 2


def test_more_than_six_compass_series_each_look_different():
    from app.results import compass

    looks = [compass.style(k) for k in range(36)]
    assert len(set(looks)) == 36  # colour, dash and marker together tell 36 series apart
    assert len({(c, m) for c, _d, m in looks[:12]}) == 12  # the 7th is not the 1st again
    svg = compass.render([f"Tema {i}" for i in range(14)], [compass.Series(f"Aldersgruppe {k}", [4.0] * 14)
                                                            for k in range(8)], "Kompass")
    assert svg.count('class="legend"') == 8 and 'direction="ltr"' in svg


def test_public_figures_are_written_in_the_readers_locale(client, session):
    c, _u = _data(session, public=True)
    assert cut(session, c) is not None
    session.commit()
    for lang, point, other in (("nb", ",", "."), ("nn", ",", "."), ("uk", ",", "."), ("en", ".", ",")):
        page = client.get(f"/r/res?lang={lang}").text
        table = page[page.index("<table"):page.index("</table>")]
        assert re.search(rf"<td>\d{re.escape(point)}\d", table), lang  # a mean such as 3,0
        assert not re.search(rf"\d{re.escape(other)}\d", table), lang


def test_placeholders_are_shown_in_the_readers_language_also_where_bokmal_was_stored():
    from app.i18n.catalogs import translations
    from app.results.masking import in_language, mask

    masked = mask("ola@example.no eller 912 34 567, men ikke 12 34")
    assert masked == "[e-mail hidden] eller [phone hidden], men ikke 12 34"
    earlier = "skriv til [e-post skjult] / [telefon skjult]"  # a workshop quote picked before the codes
    for lang, email, phone in (("nb", "[e-post skjult]", "[telefon skjult]"), ("en", "[e-mail hidden]",
                               "[phone hidden]"), ("uk", "[е-пошту приховано]", "[телефон приховано]")):
        gettext = translations(lang).gettext
        assert in_language(masked, gettext) == f"{email} eller {phone}, men ikke 12 34"
        assert in_language(earlier, gettext) == f"skriv til {email} / {phone}"


def test_numbers_and_dates_are_written_the_readers_way():
    from datetime import date, datetime

    from app.web.templating import environment

    when, day = datetime(2026, 12, 2, 14, 5), date(2027, 3, 12)
    expected = {"nb": ("3,5", "2. des. 2026 14:05", "12. mars 2027"),
                "en": ("3.5", "Dec 2, 2026 14:05", "Mar 12, 2027"),
                "uk": ("3,5", "2 груд. 2026\u202fр. 14:05", "12 бер. 2027\u202fр.")}
    for lang, wanted in expected.items():
        env = environment(lang)
        shown = (env.filters["decimal"](3.5), env.filters["moment"](when), env.filters["day"](day))
        assert shown == wanted, lang
