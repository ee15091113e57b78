"""Class sessions over HTTP: open one, pupils join with the code and answer, the teacher follows
counts only, the class compass only from k answers, throttled code guessing, other municipalities."""

import re
from datetime import timedelta

from sqlmodel import select

from app.main import app
from app.models import Response
from app.models.classes import ClassPupil, ClassSession
from app.models.common import utcnow
from app.models.drafts import Draft
from app.models.workshops import LookupFailure
from tests.classes_support import Pupil, counts_on, teacher_with_session
from tests.client import TestClient
from tests.resident_support import csrf, responses
from tests.staff_support import logged_in, post_form


def test_a_pupil_joins_answers_and_counts_in_the_campaign_like_any_resident(session):
    teacher, cs = teacher_with_session(session)
    page = teacher.get(f"/staff/classes/{cs.id}").text
    assert cs.code in page and "/klasse" in page and counts_on(page) == (0, 0)
    pupil = Pupil()
    r = pupil.begin(cs.code.lower())  # typed in lower case, as children do
    assert r.headers["location"].startswith("/k/demo/tema/1")
    assert counts_on(teacher.get(f"/staff/classes/{cs.id}").text) == (1, 0)
    pupil.answer_some("6")
    stored = responses(session)
    assert len(stored) == 1 and stored[0].mode == "survey" and stored[0].area_id == cs.area_id
    assert session.get(ClassPupil, stored[0].id).class_session_id == cs.id
    assert counts_on(teacher.get(f"/staff/classes/{cs.id}").text) == (1, 1)
    assert teacher.get(f"/staff/classes/{cs.id}/progress").json() == {"started": 1, "done": 1, "needed": 4}


def test_joining_twice_on_one_device_goes_on_with_the_same_draft(session):
    _teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    pupil.begin(cs.code)
    assert pupil.answer(1, score="4").status_code == 303
    again = pupil.begin(cs.code)
    assert again.headers["location"].startswith("/k/demo/tema/2")
    session.rollback()
    assert len(session.exec(select(Draft)).all()) == 1 and len(session.exec(select(ClassPupil)).all()) == 1
    pupil.answer_some()
    pupil.begin(cs.code)  # the next pupil on the same Chromebook gets a draft of their own
    session.rollback()
    assert len(session.exec(select(ClassPupil)).all()) == 2


def test_progress_never_shows_who_or_what(session):
    teacher, cs = teacher_with_session(session)
    pupils = [Pupil() for _ in range(3)]
    for i, p in enumerate(pupils):
        p.begin(cs.code)
        p.answer(1, score=str(i + 1), good=f"Hemmelig {i} fortau")
    pupils[0].profile()
    ids = [r.id for r in responses(session)]
    base = f"/staff/classes/{cs.id}"
    for url in (base, f"{base}/progress", f"{base}/kompass", "/staff/classes"):
        body = teacher.get(url).text
        assert "Hemmelig" not in body and not any(i in body for i in ids)
        assert not any(d.response_id in body for d in session.exec(select(Draft)))


def _class_of(session, teacher, cs, answered: int):
    for _ in range(answered):
        Pupil().whole_class_answer(cs.code)


def _compass_shown(page: str) -> bool:
    return "<svg" in page and "compass-title" in page


def test_the_class_compass_is_refused_below_k_and_says_how_many_more(session):
    teacher, cs = teacher_with_session(session)
    for answered in (0, 1, 4):  # k is 5: 1 answer, k-1 answers
        if answered:
            _class_of(session, teacher, cs, answered - (1 if answered == 4 else 0))
        page = teacher.get(f"/staff/classes/{cs.id}").text
        r = post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}")
        assert r.status_code == 400
        assert f"{5 - answered} more" in r.text and not _compass_shown(r.text)
        compass = teacher.get(f"/staff/classes/{cs.id}/kompass").text
        assert not _compass_shown(compass) and ">2,0<" not in compass and ">2.0<" not in compass
        session.rollback()
        assert session.get(ClassSession, cs.id).ended_at is None  # nothing changed
        assert page.count(cs.code) >= 1


def test_at_k_the_compass_shows_and_the_code_stops_working(session):
    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    late = Pupil()
    late.begin(cs.code)  # started, not sent: not in the compass
    r = post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}")
    assert r.status_code == 303 and r.headers["location"].endswith("/kompass")
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "5 pupils answered" in page
    assert page.count(">2,0<") + page.count(">2.0<") == 3  # three themes answered with 2 by all five
    late.answer_some("7")  # sent after the end: counts in the campaign, not in the class compass
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "5 pupils answered" in page
    assert ">7,0<" not in page and ">7.0<" not in page
    assert len(responses(session)) == 6
    assert Pupil().join(cs.code).status_code == 409  # ended: nobody joins any more


def test_answers_committed_just_after_the_end_are_not_the_classs(session):
    """On PostgreSQL a pupil's answers stamped a moment before the End can commit after it: the End
    counts exactly the answers it saw, so the compass stays shown and the late ones are ordinary."""
    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    late = Pupil()
    late.begin(cs.code)
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    late.answer_some("7")
    session.rollback()
    row = session.get(ClassSession, cs.id)
    sent = next(r for r in responses(session) if r.submitted_at > row.ended_at)
    sent.submitted_at = row.ended_at - timedelta(seconds=1)  # stamped before the End, committed after
    session.add(sent)
    session.commit()
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "5 pupils answered" in page
    assert ">7,0<" not in page and ">7.0<" not in page
    assert counts_on(teacher.get(f"/staff/classes/{cs.id}").text) == (6, 5)


def test_a_withdrawn_answer_hides_the_compass_again(session):
    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    gone = responses(session)[0].id
    from app.admin.lifecycle import delete_responses
    from app.db import unit_of_work
    with unit_of_work() as s:
        delete_responses(s, [gone])
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert not _compass_shown(page) and "withdrawn" in page and ">2,0<" not in page and ">2.0<" not in page


def test_a_theme_with_fewer_than_k_answers_is_left_out(session):
    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    pupils = [Pupil() for _ in range(2)]
    for p in pupils:  # two more answer theme 4 too, and send
        p.begin(cs.code)
        assert p.answer(4, score="6").status_code == 303
        p.profile()
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "7 pupils answered" in page
    assert ">6,0<" not in page and ">6.0<" not in page and "fewer than 5" in page


def test_wrong_codes_are_throttled_per_device_and_counted_with_workshop_codes(session):
    _teacher, cs = teacher_with_session(session)
    guesser = Pupil()
    page = guesser.client.get("/klasse")
    for i in range(10):
        r = guesser.client.post("/klasse", data={"csrf": csrf(page.text), "code": f"ZZZZZ{i + 2}"})
        assert r.status_code == 404 and "No class has this code" in r.text
    r = guesser.client.post("/klasse", data={"csrf": csrf(page.text), "code": cs.code})
    assert r.status_code == 429 and cs.title not in r.text  # even the right code waits
    assert guesser.client.get("/v/ABCDEFGHJK").status_code == 429  # one counter for both kinds of code
    session.rollback()
    assert len(session.exec(select(LookupFailure)).all()) == 10
    assert Pupil().join(cs.code).status_code == 200  # the next device is not held up


def test_no_device_cookie_is_never_told_whether_a_code_is_right(session):
    _teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    page = pupil.client.get("/klasse")
    pupil.client.cookies.delete("verksted")
    r = pupil.client.post("/klasse", data={"csrf": csrf(page.text), "code": cs.code})
    assert r.status_code == 400 and cs.title not in r.text


def test_forms_without_csrf_are_refused_and_store_nothing(session):
    teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    pupil.client.get("/klasse")
    assert pupil.client.post("/klasse/start", data={"code": cs.code}).status_code == 403
    assert teacher.post(f"/staff/classes/{cs.id}/end", data={}).status_code == 403
    session.rollback()
    assert session.exec(select(ClassPupil)).all() == []


def test_bad_input_on_the_new_session_form_keeps_what_was_typed(session):
    teacher, cs = teacher_with_session(session)
    for data in ({"place": "", "title": "7A"}, {"place": "999:sentrum", "title": "7A"},
                 {"place": f"{cs.campaign_id}:nowhere", "title": "7A"},
                 {"place": f"{cs.campaign_id}:sentrum", "title": "x" * 101},
                 {"place": f"{cs.campaign_id}:sentrum", "title": "   "},
                 {"place": "abc:def:ghi", "title": "<b>7A</b>"}):
        r = post_form(teacher, "/staff/classes/new", data, "/staff/classes/new")
        assert r.status_code == 400 and "Please correct the following" in r.text
        assert (data["title"].strip() or "value=\"\"") in r.text.replace("&lt;", "<").replace("&gt;", ">")
    session.rollback()
    assert len(session.exec(select(ClassSession)).all()) == 1
    assert teacher.get("/staff/classes/abc").status_code in (404, 422)
    assert teacher.get("/staff/classes/99999999999").status_code == 404


def test_an_ended_or_old_session_or_a_closed_campaign_lets_nobody_in(session):
    _teacher, cs = teacher_with_session(session)
    row = session.get(ClassSession, cs.id)
    row.created_at = utcnow() - timedelta(hours=13)
    session.add(row)
    session.commit()
    r = Pupil().join(cs.code)
    assert r.status_code == 409 and "has ended" in r.text
    session.rollback()


def test_other_municipalities_and_analysts_see_nothing(session):
    _teacher, cs = teacher_with_session(session)
    stranger, _ = logged_in(session, "admin", org="andreby")
    base = f"/staff/classes/{cs.id}"
    for url in (base, f"{base}/progress", f"{base}/kompass"):
        assert stranger.get(url).status_code == 404
    assert cs.title not in stranger.get("/staff/classes").text
    assert post_form(stranger, f"/staff/classes/{cs.id}/end", {}, "/staff/classes").status_code == 404
    other = post_form(stranger, "/staff/classes/new", {"place": f"{cs.campaign_id}:sentrum", "title": "Snik"},
                      "/staff/classes/new")
    assert other.status_code == 400
    analyst, _ = logged_in(session, "analyst")
    assert analyst.get(f"/staff/classes/{cs.id}").status_code == 403
    assert analyst.get("/staff/classes").status_code == 403


def test_pupil_pages_work_in_the_campaigns_languages(session):
    _teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    pupil.client.cookies.set("lang", "uk")
    r = pupil.join(cs.code)
    assert r.status_code == 200 and 'lang="uk"' in r.text and cs.title in r.text
    r = pupil.client.post("/klasse/start", data={"csrf": csrf(r.text), "code": cs.code},
                          follow_redirects=False)
    assert r.headers["location"].endswith("?lang=uk")
    assert re.search(r'<html lang="uk"', pupil.client.get(r.headers["location"]).text)


def test_retries_after_a_dropped_connection_store_once(session):
    teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    pupil.begin(cs.code)
    for n in (1, 1, 2, 2, 3):  # a screen sent again after the connection came back
        assert pupil.answer(n, score="3").status_code == 303
    for _ in range(3):  # a double tap and two resends of the last screen
        assert pupil.profile().status_code == 303
    stored = responses(session)
    assert len(stored) == 1 and session.exec(select(Response)).one().id == stored[0].id
    assert counts_on(teacher.get(f"/staff/classes/{cs.id}").text) == (1, 1)


def test_a_class_on_the_childrens_three_point_version(session):
    teacher, cs = teacher_with_session(session, children=True)
    for score in ("1", "3", "3", "2", "3"):
        pupil = Pupil("barn")
        r = pupil.begin(cs.code)
        assert r.headers["location"].startswith("/k/barn/tema/1")
        assert pupil.answer(1, score="4").status_code == 400  # not on a 3-point scale: nothing saved
        pupil.answer_some(score, themes=2)
    assert {r.survey_slug for r in responses(session)} == {None}  # the campaign's own survey: children's
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "(1 to 3)" in page
    assert page.count(">2,4<") + page.count(">2.4<") == 2  # (1+3+3+2+3)/5 on both themes answered


def test_the_pupils_pages_stay_small_in_every_language(session):
    from app.i18n import LANGUAGES
    from tests.helpers import page_weight

    _teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    for lang in LANGUAGES:
        assert page_weight(pupil.client, f"/klasse?lang={lang}") < 12 * 1024
        r = pupil.client.post(f"/klasse?lang={lang}", data={"csrf": csrf(pupil.client.get("/klasse").text),
                                                            "code": cs.code})
        assert r.status_code == 200 and cs.title in r.text
        assert len(r.content) < 6 * 1024  # the welcome page, before compression


def _release(campaign_id: int) -> None:
    from app.db import unit_of_work
    from app.models import Campaign
    from app.results import disclosure

    with unit_of_work() as s:
        disclosure.cut(s, s.get(Campaign, campaign_id))


def _sentrum(client) -> int | None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/campaigns/demo/summary", params={"group_by": "area"}).json()
    return {g["key"]: g["n"] for g in body["groups"]}.get("sentrum")


def test_a_class_is_released_as_a_unit_of_its_own_and_its_neighbours_wait(session):
    """Two neighbours answer while the class does: no release mixes them with the class, the
    compass shows at the end, and the neighbours wait for a batch of at least k of their own."""
    from app.main import app
    from tests.client import TestClient
    from tests.resident_support import Resident

    teacher, cs = teacher_with_session(session)
    public = TestClient(app)
    _class_of(session, teacher, cs, 3)
    neighbours = [Resident(TestClient(app)) for _ in range(2)]  # answering on their own phones
    for r in neighbours:
        r.start("sentrum")
        assert r.answer_all(score="6").status_code == 303
    _class_of(session, teacher, cs, 2)
    _release(cs.campaign_id)  # the class is still running: held; two neighbours: too few
    assert _sentrum(public) is None
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "5 pupils answered" in page  # at once, before any release
    _release(cs.campaign_id)
    assert _sentrum(public) == 5  # the class alone
    assert "(n=5)" in public.get("/r/demo").text
    more = [Resident(TestClient(app)) for _ in range(3)]
    for r in more:
        r.start("sentrum")
        assert r.answer_all(score="6").status_code == 303
    _release(cs.campaign_id)
    assert _sentrum(public) == 10  # the neighbours and three more: a batch of five
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "5 pupils answered" in page


def test_a_session_that_ran_out_cannot_be_ended_and_its_answers_become_ordinary(session):
    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    _release(cs.campaign_id)
    public = TestClient(app)
    assert _sentrum(public) is None  # held while the class may still end
    session.rollback()
    row = session.get(ClassSession, cs.id)
    row.created_at = utcnow() - timedelta(hours=12, minutes=30)
    session.add(row)
    session.commit()
    r = post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}")
    assert r.status_code == 400 and "ran out 12 hours" in r.text
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert not _compass_shown(page) and "ran out 12 hours" in page
    _release(cs.campaign_id)
    assert _sentrum(public) is None  # an End sent at the last minute still has an hour's grace
    session.rollback()
    row = session.get(ClassSession, cs.id)
    row.created_at = utcnow() - timedelta(hours=14)
    session.add(row)
    session.commit()
    _release(cs.campaign_id)
    assert _sentrum(public) == 5  # now ordinary answers, in a batch of five


def test_a_release_that_did_not_keep_the_class_apart_withholds_the_compass(session):
    """A release cut before classes were kept apart (no parts stored), or one that holds the class
    as other figures than its compass shows: the compass is not shown."""
    from app.models.disclosure import ResultRelease

    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    _release(cs.campaign_id)
    session.rollback()
    release = session.exec(select(ResultRelease)).one()
    part = next(k for k in release.counts if k.startswith("part:") and "#" in k)
    assert release.counts[part]["*"][0] == 5
    assert _compass_shown(teacher.get(f"/staff/classes/{cs.id}/kompass").text)
    for counts in ({k: c for k, c in release.counts.items() if ":" not in k},  # the old format
                   {**release.counts, part: {**release.counts[part], "*": [6] + [0] * 7}}):
        session.add(ResultRelease(campaign_id=cs.campaign_id, seq=release.seq + 1, responses=5,
                                  counts=counts))
        session.commit()
        page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
        assert not _compass_shown(page) and "fewer than 5 other people" in page
        session.delete(session.exec(select(ResultRelease).where(ResultRelease.seq == release.seq + 1)).one())
        session.commit()
    assert _compass_shown(teacher.get(f"/staff/classes/{cs.id}/kompass").text)


def test_a_pupil_who_answers_about_another_area_is_not_in_the_class(session):
    teacher, cs = teacher_with_session(session)
    _class_of(session, teacher, cs, 5)
    elsewhere = Pupil()
    elsewhere.begin(cs.code)
    assert elsewhere.start("nord").status_code == 303  # changed the area on the survey's start page
    elsewhere.answer_some("7")
    assert counts_on(teacher.get(f"/staff/classes/{cs.id}").text) == (6, 5)
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "5 pupils answered" in page and ">7,0<" not in page


def test_deleting_the_campaign_leaves_no_class_session_behind(session):
    from app.admin.lifecycle import delete_campaign
    from app.db import unit_of_work
    from app.models import Campaign

    teacher, cs = teacher_with_session(session)
    sid, cid = cs.id, cs.campaign_id
    _class_of(session, teacher, cs, 2)
    Pupil().begin(cs.code)
    session.rollback()
    with unit_of_work() as s:
        delete_campaign(s, s.get(Campaign, cid))
    session.rollback()
    assert session.exec(select(ClassSession)).all() == [] and session.exec(select(ClassPupil)).all() == []
    assert teacher.get(f"/staff/classes/{sid}").status_code == 404


def test_a_campaign_offering_several_versions_runs_the_class_on_the_childrens(session):
    from tests.resident_support import open_campaign
    from tests.staff_support import logged_in

    c = open_campaign(session, is_demo=False, settings={"versions": ["children"]})
    teacher, _ = logged_in(session, "facilitator")
    form = teacher.get("/staff/classes/new").text
    assert 'value="children"' in form
    bad = post_form(teacher, "/staff/classes/new", {"place": f"{c.id}:sentrum", "title": "4A",
                                                    "version": "youth-nowhere"}, "/staff/classes/new")
    assert bad.status_code == 400 and 'value="4A"' in bad.text
    good = {"place": f"{c.id}:sentrum", "title": "4A", "version": "children"}
    r = post_form(teacher, "/staff/classes/new", good, "/staff/classes/new")
    assert r.status_code == 303
    session.rollback()
    cs = session.exec(select(ClassSession)).one()
    assert cs.survey_slug == "children"
    for _ in range(5):
        pupil = Pupil()
        pupil.begin(cs.code)
        assert pupil.answer(1, score="5").status_code == 400  # the children's scale ends at 3
        pupil.answer_some("3", themes=2)
    assert {r.survey_slug for r in responses(session)} == {"children"}
    assert post_form(teacher, f"/staff/classes/{cs.id}/end", {}, f"/staff/classes/{cs.id}").status_code == 303
    page = teacher.get(f"/staff/classes/{cs.id}/kompass").text
    assert _compass_shown(page) and "(1 to 3)" in page and page.count(">3,0<") + page.count(">3.0<") == 2


def test_the_qr_codes_link_fills_the_code_in_but_looks_nothing_up(session):
    teacher, cs = teacher_with_session(session)
    pupil = Pupil()
    page = pupil.client.get(f"/klasse?kode={cs.code.lower()}")
    assert page.status_code == 200 and f'value="{cs.code}"' in page.text and cs.title not in page.text
    for i in range(12):  # guessing by address is not a lookup at all
        assert cs.title not in pupil.client.get(f"/klasse?kode=ZZZZZ{i % 8 + 2}").text
    session.rollback()
    assert session.exec(select(LookupFailure)).all() == []
    assert pupil.join(cs.code).status_code == 200


def test_the_class_pages_speak_the_teachers_own_language_whatever_a_pupil_page_left(session):
    """The projector page (code and QR) and the compass keep the staff header in the teacher's own
    language after the same browser opened the pupils' join page in Arabic or Ukrainian."""
    teacher, cs = teacher_with_session(session)
    assert post_form(teacher, "/staff/language", {"lang": "nn"}, "/staff/language").status_code == 303
    for lang in ("ar", "uk"):
        assert 'lang="' + lang + '"' in teacher.get(f"/klasse?lang={lang}").text  # a pupil's page
        assert '<html lang="' + lang + '"' in teacher.get("/klasse").text  # the browser keeps it
        for url in (f"/staff/classes/{cs.id}", f"/staff/classes/{cs.id}/kompass", "/staff/classes"):
            page = teacher.get(url).text
            assert '<html lang="nn"' in page and "Startside for tilsette" in page, url
