"""The resident's survey through plain HTML forms (JavaScript off): pages, validation, safety."""

import re

import pytest
from markupsafe import escape
from sqlmodel import select

from app.i18n import LANGUAGES
from app.models import Answer, Area, ProfileAnswer, Response
from tests.resident_support import LANGS, Resident, answers_of, draft_of, open_campaign, responses, survey


@pytest.fixture
def campaign(session):
    return open_campaign(session)


def test_landing_has_intro_areas_privacy_and_the_demo_banner(client, campaign):
    page = Resident(client).get("")
    assert page.status_code == 200
    text = page.text
    assert "Stedskompasset i Testby" in text and survey().intro["nb"] in text
    assert "About 10 minutes" not in text and "Omtrent 10 minutter" in text
    assert 'name="area" value="sentrum"' in text and 'name="area" value="nord"' in text
    assert "<legend>Hvilket område svarer du om?</legend>" in text
    for heading in ("Anonymt.", "Hva lagres.", "Hvem ser det.", "Hvor lenge.", "slettes etter 30 dager"):
        assert heading in text
    assert 'class="demo"' in text
    assert "htmx" not in text


def test_one_area_needs_no_choice(client, session):
    open_campaign(session, areas=(("sentrum", "Sentrum"),))
    r = Resident(client)
    assert 'name="area"' not in r.get("").text
    assert r.start(area="").headers["location"] == "/k/demo/tema/1"
    assert draft_of(session).area == "sentrum"


def test_demo_banner_only_for_demo_campaigns(client, session):
    open_campaign(session, is_demo=False)
    r = Resident(client)
    assert 'class="demo"' not in r.get("").text
    r.start()
    assert 'class="demo"' not in r.get("/tema/1").text


def test_the_whole_survey_stores_one_response_with_what_was_said(client, session, campaign):
    r = Resident(client)
    assert r.start(area="nord").headers["location"] == "/k/demo/tema/1"
    page = r.get("/tema/3").text
    assert "Tema 3 av 14" in page and "<fieldset" in page and "<legend>" in page
    assert survey().themes[2].prompts[0]["nb"] in page
    assert "1: Mye å forbedre" in page and "7: Veldig lite å forbedre" in page
    # "don't know" and "skip" are two separate choices
    assert 'value="dk"' in page and ">Vet ikke<" in page
    assert 'value="skip"' in page and ">Hopp over temaet<" in page
    for n in range(1, 15):
        score = {2: "dk", 5: "", 6: "skip", 7: "skip"}.get(n, str(n % 7 + 1))
        step = r.answer(n, score=score, good=f"bra {n}" if n not in (5, 6) else "", better="")
        assert step.status_code == 303
        assert step.headers["location"] == ("/k/demo/om-deg" if n == 14 else f"/k/demo/tema/{n + 1}")
        assert responses(session) == []  # drafts are not responses
    assert "Vil ikke svare" in r.get("/om-deg").text
    done = r.profile(age_band="25-34", gender="prefer_not_to_say")
    assert done.headers["location"] == "/k/demo/takk"
    (stored,) = responses(session)
    assert (stored.mode, stored.locale, stored.is_demo) == ("survey", "nb", True)
    assert session.get(Area, stored.area_id).slug == "nord"
    answers = answers_of(session, stored.id)
    themes = survey().theme_slugs
    assert themes[4] not in answers  # passed without a score or comment
    assert themes[5] not in answers  # skipped on purpose: no score, and not "don't know"
    skipped = answers[themes[6]]  # skipped with a comment: the comment kept, marked skipped
    assert (skipped.score, skipped.skipped, skipped.good) == (None, True, "bra 7")
    assert answers[themes[1]].skipped is False  # "don't know" stays "don't know"
    assert answers[themes[1]].score is None and answers[themes[1]].good == "bra 2"
    assert answers[themes[0]].score == 2 and answers[themes[0]].better is None
    profile = {p.question: p.value for p in session.exec(select(ProfileAnswer))}
    assert profile == {"age_band": "25-34", "gender": "prefer_not_to_say"}
    thanks = r.get("/takk")
    assert thanks.status_code == 200 and "Takk!" in thanks.text and 'href="/r/demo"' in thanks.text
    assert 'href="/oppfolging/demo"' in thanks.text  # what came of it, later


def test_thank_you_links_results_only_when_they_are_public(client, session):
    open_campaign(session, results_public=False)
    r = Resident(client)
    r.start()
    r.answer(1)
    r.profile()
    page = r.get("/takk")
    assert page.status_code == 200 and "/r/demo" not in page.text


def test_back_shows_what_was_saved(client, campaign):
    r = Resident(client)
    r.start()
    r.answer(1, score="6", good="Fine stier", better="Mer lys")
    back = r.answer(2, score="dk", go="back")
    assert back.headers["location"] == "/k/demo/tema/1"
    page = r.get("/tema/1").text
    assert 'value="6" checked' in page and ">\nFine stier</textarea>" in page
    assert 'value="dk" checked' in r.get("/tema/2").text
    r.answer(3, score="skip", better="Ingen mening om tallet")
    page = r.get("/tema/3").text  # a skip is shown back as a skip, not as "don't know"
    assert 'value="skip" checked' in page and 'value="dk" checked' not in page
    assert r.answer(1, go="back").headers["location"] == "/k/demo"


def test_bad_input_is_shown_next_to_the_field_keeps_the_typing_and_stores_nothing(client, session, campaign):
    r = Resident(client)
    r.start()
    long_text = "x" * 4001
    page = r.answer(4, score="9", good="Behold meg", better=long_text)
    assert page.status_code == 400
    text = page.text
    assert 'role="alert"' in text and 'href="#f-score"' in text and 'href="#f-better"' in text
    assert 'aria-describedby="ends e-score"' in text and 'id="e-score"' in text
    assert 'aria-invalid="true" aria-describedby="e-better"' in text and "nå 4001" in text
    assert ">\nBehold meg</textarea>" in text
    assert draft_of(session).answers == {}
    wrong = r.profile(age_band="200")
    assert wrong.status_code == 400 and 'id="e-age_band"' in wrong.text
    assert responses(session) == []


def test_sending_with_no_answer_at_all_is_refused(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1, score="")
    page = r.profile()
    assert page.status_code == 409 and "Svar på minst ett tema" in page.text
    assert responses(session) == []


def test_every_post_needs_the_csrf_token(client, session, campaign):
    r = Resident(client)
    r.start()
    for path, data in (("", {"area": "nord"}), ("/tema/1", {"score": "3", "good": "Skrevet"}),
                       ("/om-deg", {"go": "send", "age_band": "25-34"})):
        for sent in (data, {**data, "csrf": "0" * 32}):
            refused = client.post(f"/k/demo{path}?lang=uk", data=sent, follow_redirects=False)
            # no English 403: the same screen again, in the resident's language, with what was chosen
            assert refused.status_code == 400, path
            assert '<html lang="uk"' in refused.text and "натисніть кнопку ще раз" in refused.text
            assert 'name="csrf" value="' in refused.text
    page = client.post("/k/demo/tema/1", data={"score": "3", "good": "Skrevet"}, follow_redirects=False)
    assert 'value="3" checked' in page.text and ">\nSkrevet</textarea>" in page.text
    draft = draft_of(session)
    assert draft.answers == {} and draft.area == "sentrum"
    assert responses(session) == []


def test_a_comment_is_stored_as_typed_and_escaped_on_output(client, session, campaign):
    r = Resident(client)
    r.start()
    typed = '<script>alert("x")</script> & <b>fet</b>\nny linje'
    r.answer(1, score="3", good=typed)
    page = r.get("/tema/1").text
    assert "<script>alert" not in page and str(escape(typed)) in page
    r.profile()
    (stored,) = responses(session)
    assert answers_of(session, stored.id)[survey().theme_slugs[0]].good == typed


def test_crlf_from_browsers_is_kept_as_one_line_break(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1, good="en\r\nto")
    assert draft_of(session).answers["moving_around"]["good"] == "en\nto"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_in_each_language_with_the_right_direction(client, campaign, lang):
    r = Resident(client, lang=lang)
    r.start()
    for path in ("", "/tema/1", "/tema/14", "/om-deg"):
        page = r.get(path)
        assert page.status_code == 200
        assert f'<html lang="{LANGUAGES[lang].tag}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page.text
    s = survey()
    theme = r.get("/tema/7").text
    assert escape(s.themes[6].name[lang]) in theme and escape(s.scale.max_label[lang]) in theme
    assert escape(s.profile[0].label[lang]) in r.get("/om-deg").text  # Somali writes apostrophes


def test_language_switch_keeps_the_place_and_the_answers(client, campaign):
    r = Resident(client)
    r.start()
    page = r.get("/tema/5").text
    assert 'name="go" value="lang:ar"' in page and 'value="lang:nb"' not in page  # nb is shown
    moved = r.answer(5, score="2", good="Benken ved butikken", go="lang:ar")
    assert moved.status_code == 303 and moved.headers["location"] == "/k/demo/tema/5?lang=ar"
    page = client.get(moved.headers["location"])
    assert '<html lang="ar" dir="rtl">' in page.text
    assert 'value="2" checked' in page.text and "Benken ved butikken" in page.text
    assert 'name="go" value="lang:en"' in page.text
    # the cookie keeps Arabic for the next screens, so the response is stored in Arabic
    r.answer(5, score="2", good="Benken ved butikken")
    assert '<html lang="ar"' in client.get("/k/demo/tema/6").text
    # a language the campaign does not offer is no switch: the screen is saved and stays
    assert r.answer(5, score="2", go="lang:xx").headers["location"] == "/k/demo/tema/6"


def test_accept_language_picks_the_language(client, campaign):
    page = client.get("/k/demo", headers={"accept-language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert '<html lang="uk"' in page.text


def test_closed_and_unknown_campaigns(client, session):
    open_campaign(session, status="closed")
    open_campaign(session, slug="utkast", status="draft")
    r = Resident(client)
    page = r.get("")
    assert page.status_code == 200 and "Undersøkelsen er avsluttet" in page.text and "<form" not in page.text
    assert r.get("/tema/1").status_code == 303
    assert client.get("/k/utkast").status_code == 404
    assert client.get("/k/finnes-ikke").status_code == 404


def test_theme_numbers_outside_the_survey_are_not_found(client, campaign):
    r = Resident(client)
    r.start()
    assert r.get("/tema/0").status_code == 404
    assert r.get("/tema/15").status_code == 404


def test_the_small_script_gets_the_next_address_as_json(client, campaign):
    r = Resident(client)
    r.start()
    step = r.answer(1, score="4", headers={"X-Medvirk-Fetch": "1"})
    assert step.status_code == 200 and step.json() == {"go": "/k/demo/tema/2"}
    bad = r.answer(1, score="x", headers={"X-Medvirk-Fetch": "1"})
    assert bad.status_code == 400 and "text/html" in bad.headers["content-type"]


def test_pages_carry_the_security_headers_and_no_inline_script(client, campaign):
    r = Resident(client)
    r.start()
    for path in ("", "/tema/1", "/om-deg"):
        page = r.get(path)
        csp = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
        assert " style=" not in page.text


def test_answers_are_stored_once_per_theme(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1, score="2")
    r.answer(1, score="6", go="stay")
    r.profile()
    (stored,) = responses(session)
    rows = session.exec(select(Answer).where(Answer.response_id == stored.id)).all()
    assert [(a.theme, a.score) for a in rows] == [("moving_around", 6)]
    assert session.exec(select(Response)).one().id == stored.id
