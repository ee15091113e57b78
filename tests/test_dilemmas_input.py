"""Bad input, retries, code guessing and organisation boundaries: a clear message, nothing changed,
what was typed kept, never a 500; an answer or principle posted twice is stored once."""

import threading
import uuid

from sqlmodel import Session, func, select

from app.main import app
from app.models.dilemmas import DilemmaAnswer, DilemmaPrinciple, DilemmaSession
from tests.client import TestClient
from tests.dilemmas_support import answer, answers, facilitator, group_ids, move, phone, row_of, start
from tests.staff_support import csrf_of


def _count(session: Session, model) -> int:  # type: ignore[no-untyped-def]
    session.commit()
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_new_session_refuses_bad_input_and_keeps_what_was_typed(session: Session) -> None:
    S = "boliger-pa-elvesletta"  # noqa: N806
    staff = facilitator(session)
    token = csrf_of(staff.get("/staff/dilemmas/new").text)
    cases = [
        ({"title": "", "scenario": S, "groups": "A"}, "Give the session a title."),
        ({"title": "x" * 201, "scenario": S, "groups": "A"}, "at most 200 characters"),
        ({"title": "Økt", "scenario": "../../etc/passwd", "groups": "A"}, "Choose one of the scenarios."),
        ({"title": "Økt", "scenario": S, "groups": " \n \n"}, "Name at least one group"),
        ({"title": "Økt", "scenario": S, "groups": "A\na"}, "Two groups have the same name."),
        ({"title": "Økt", "scenario": S, "groups": "\n".join(map(str, range(13)))},
         "At most 12 groups."),
        ({"title": "Økt", "scenario": S, "groups": "g" * 61}, "at most 60 characters"),
    ]
    for data, message in cases:
        r = staff.post("/staff/dilemmas", data={"csrf": token, **data})
        assert r.status_code == 400, (data, r.status_code)
        assert message in r.text, message
        assert data["title"][:50] in r.text  # what was typed stays in the form
    assert _count(session, DilemmaSession) == 0
    assert staff.post("/staff/dilemmas", data={"title": "Uten CSRF", "scenario": S,
                                               "groups": "A"}).status_code == 403
    assert _count(session, DilemmaSession) == 0


def test_bad_answers_change_nothing_and_keep_the_typing(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    client = phone(row_of(session, sid).code, sid)
    url = f"/d/{sid}/{group_ids(session, sid)[0]}"
    cases = [
        (0, {"bolig": "++"}, "Kept text A", "Choose positive, negative or not affected."),
        (0, {"bolig": "+"}, "x" * 1001, "At most 1000 characters; this has 1001."),
        (0, {}, "", "Mark at least one theme, or write a conflict or a win-win."),
        (2, {"bolig": "+"}, "Kept text B", "The facilitator has not shown this step yet."),
        (99999999999999999999, {"bolig": "+"}, "Kept text C", "The form is damaged."),
    ]
    for step, effects, conflicts, message in cases:
        r = answer(client, url, step, effects, conflicts=conflicts)
        assert r.status_code == 400, (step, effects, r.status_code)
        assert message in r.text, message
        assert conflicts[:20] in r.text  # the typed text comes back
    r = answer(client, url, 0, {"bolig": "-", "no_such_theme": "+"}, conflicts="Kept", winwin="Både og")
    assert r.status_code == 303  # unknown keys are ignored, the rest is stored
    assert [(a.effects, a.winwin) for a in answers(session, sid)] == [({"bolig": "-"}, "Både og")]
    # A refused future step never shows the next inject's text on the phone.
    r = answer(client, url, 1, {"bolig": "+"})
    assert r.status_code == 400 and "Inject 1" not in r.text

    token = csrf_of(staff.get(f"/staff/dilemmas/{sid}").text)
    staff.post(f"/staff/dilemmas/{sid}/close", data={"csrf": token, "closed": "1"})
    assert "This session is closed: answers can no longer be changed." in client.get(url).text
    r = answer(client, url, 0, {"bolig": "+"}, conflicts="Etter stengetid")
    assert r.status_code == 409 and "This session is closed" in r.text and "Etter stengetid" in r.text
    assert [a.effects for a in answers(session, sid)] == [{"bolig": "-"}]  # unchanged


def test_a_retried_answer_is_stored_once(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    code = row_of(session, sid).code
    url = f"/d/{sid}/{group_ids(session, sid)[0]}"
    first, second = phone(code, sid), phone(code, sid)  # two phones in the same group
    page = first.get(url)
    data = {"csrf": csrf_of(page.text), "step": "0", "e-bolig": "+", "conflicts": "Samme svar"}
    for _ in range(3):  # the bus enters a tunnel: the same post, again and again
        assert first.post(url, data=data, follow_redirects=False).status_code == 303
    assert len(answers(session, sid)) == 1
    # Posts that race each other for the same group and step still make one row.
    token = csrf_of(second.get(url).text)
    results: list[int] = []

    def send(client: TestClient, tok: str, text: str) -> None:
        results.append(client.post(url, data={"csrf": tok, "step": "0", "e-bolig": "-", "conflicts": text},
                                   follow_redirects=False).status_code)

    threads = [threading.Thread(target=send, args=(c, t, f"Tråd {i}"))
               for i, (c, t) in enumerate([(first, data["csrf"]), (second, token)] * 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [303] * 6
    stored = answers(session, sid)
    assert len(stored) == 1 and stored[0].effects == {"bolig": "-"} and stored[0].conflicts.startswith("Tråd")


def test_a_retried_principle_is_stored_once_and_bad_ones_are_refused(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    base = f"/staff/dilemmas/{sid}"
    token = csrf_of(staff.get(base).text)
    pid = str(uuid.uuid4())
    for _ in range(3):
        r = staff.post(f"{base}/principles", data={"csrf": token, "id": pid, "text": "Jord først"},
                       follow_redirects=False)
        assert r.status_code == 303
    assert _count(session, DilemmaPrinciple) == 1
    for text, message in (("", "Write the principle"), ("p" * 501, "at most 500 characters")):
        r = staff.post(f"{base}/principles", data={"csrf": token, "id": str(uuid.uuid4()), "text": text})
        assert r.status_code == 400 and message in r.text
        assert text[:40] in r.text
    r = staff.post(f"{base}/principles", data={"csrf": token, "id": "not-a-uuid", "text": "Gyldig tekst"})
    assert r.status_code == 400 and "The form is damaged" in r.text
    assert _count(session, DilemmaPrinciple) == 1
    # An id another session already holds is refused, and the other session keeps its principle.
    other = start(staff, title="Andre økt")
    r = staff.post(f"/staff/dilemmas/{other}/principles", data={"csrf": token, "id": pid, "text": "Kapret"})
    assert r.status_code == 409
    session.commit()
    assert session.get(DilemmaPrinciple, pid).session_id == sid  # type: ignore[union-attr]


def test_steps_stay_within_the_scenario(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    for to, expected in (("99", 4), ("-1", 4), ("abc", 4), ("0", 0), ("٣", 0), ("2", 2)):
        token = csrf_of(staff.get(f"/staff/dilemmas/{sid}").text)
        r = staff.post(f"/staff/dilemmas/{sid}/step", data={"csrf": token, "to": to}, follow_redirects=False)
        assert r.status_code == 303
        assert row_of(session, sid).step == expected, to


def test_wrong_codes_are_throttled_per_phone(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    code = row_of(session, sid).code
    guesser = TestClient(app)
    guesser.cookies.set("lang", "en")
    # A code in the address (the QR code's link) is only filled into the form, never looked up:
    # the page is the same for the right code and a wrong one.
    right, wrong = guesser.get(f"/d?code={code}").text, guesser.get("/d?code=ABCDEFGHJK").text
    assert right.replace(code, "ABCDEFGHJK") == wrong
    token = csrf_of(guesser.get("/d").text)
    for n in range(10):
        r = guesser.post("/d", data={"csrf": token, "code": f"ABCDEFGH{n:02d}"})
        assert r.status_code == 404 and "No session has this code" in r.text
        assert f"ABCDEFGH{n:02d}" in r.text  # what was typed stays
    r = guesser.post("/d", data={"csrf": token, "code": code}, follow_redirects=False)
    assert r.status_code == 429  # even the right code waits now
    assert guesser.get(f"/d/{sid}", follow_redirects=False).headers["location"] == "/d"
    assert phone(code, sid)  # another phone in the room is not blocked
    nocookie = TestClient(app)
    r = nocookie.post("/d", data={"code": code}, follow_redirects=False)
    assert r.status_code == 403  # no CSRF cookie, no lookup at all


def test_a_phone_gets_only_into_the_session_whose_code_it_typed(session: Session) -> None:
    staff = facilitator(session)
    first, second = start(staff), start(staff, title="Andre")
    client = phone(row_of(session, first).code, first)
    other_group = group_ids(session, second)[0]
    for url in (f"/d/{second}", f"/d/{second}/{other_group}", f"/d/{first}/{other_group}", "/d/999999",
                "/d/99999999999999999999999", f"/d/{first}/abc"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code in (303, 404, 422), url
        assert r.status_code != 200
    token = csrf_of(client.get("/d").text)
    r = client.post(f"/d/{second}/{other_group}", data={"csrf": token, "step": "0", "e-bolig": "+"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/d"
    r = client.post(f"/d/{first}/{other_group}", data={"csrf": token, "step": "0", "e-bolig": "+"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/d"
    assert _count(session, DilemmaAnswer) == 0
    # A forged admission cookie lets nobody in.
    forged = TestClient(app)
    forged.get("/d")
    forged.cookies.set(f"dilemma{second}", "0" * 32)
    assert forged.get(f"/d/{second}", follow_redirects=False).status_code == 303


def test_staff_of_another_organisation_see_and_change_nothing(session: Session) -> None:
    owner = facilitator(session, org="testby")
    sid = start(owner)
    gid = group_ids(session, sid)[0]
    stranger = facilitator(session, org="nabokommune")
    base = f"/staff/dilemmas/{sid}"
    for url in (base, f"{base}/present", f"{base}/report", f"{base}/report.pdf", f"{base}/report.docx",
                f"{base}/groups/{gid}"):
        assert stranger.get(url).status_code == 404, url
    assert "Dilemmatrening Elvdal" not in stranger.get("/staff/dilemmas").text
    token = csrf_of(stranger.get("/staff/dilemmas").text)
    for url, data in ((f"{base}/step", {"to": "3"}), (f"{base}/close", {"closed": "1"}),
                      (f"{base}/principles", {"id": str(uuid.uuid4()), "text": "Fremmed"}),
                      (f"{base}/groups/{gid}", {"step": "0", "e-bolig": "+"})):
        assert stranger.post(url, data={"csrf": token, **data}).status_code == 404, url
    row = row_of(session, sid)
    assert (row.step, row.closed_at) == (0, None)
    assert _count(session, DilemmaPrinciple) == 0 and _count(session, DilemmaAnswer) == 0
    analyst = facilitator(session, role="analyst")
    assert analyst.get("/staff/dilemmas").status_code == 403
    assert analyst.get(base).status_code == 403
    assert TestClient(app).get(base, follow_redirects=False).status_code == 303  # to the login


def test_moving_back_and_closing_keep_the_answers(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    client = phone(row_of(session, sid).code, sid)
    url = f"/d/{sid}/{group_ids(session, sid)[0]}"
    move(staff, sid, 1)
    assert answer(client, url, 1, {"utslipp": "-"}, conflicts="Mer bilkjøring").status_code == 303
    move(staff, sid, 0)
    # A late group may still answer an earlier step; the later answer stays.
    assert answer(client, url, 0, {"bolig": "+"}).status_code == 303
    assert sorted((a.step, a.conflicts) for a in answers(session, sid)) == [(0, ""), (1, "Mer bilkjøring")]
