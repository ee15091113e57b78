"""Nothing lost, nothing twice: drafts, resume by cookie and link, expiry, idempotent sending."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from app.campaigns.access import published
from app.campaigns.invitations import is_valid, make_codes
from app.db import get_engine, read_only
from app.main import app
from app.models.common import utcnow
from app.models.drafts import Draft
from app.responses import drafts, service
from tests.client import TestClient
from tests.helpers import statements
from tests.resident_support import Resident, answers_of, csrf, draft_of, open_campaign, responses, survey


@pytest.fixture
def campaign(session):
    return open_campaign(session)


def _resume_path(page: str) -> str:
    start = page.index('href="/k/demo/fortsett/') + len('href="')
    return page[start:page.index('"', start)]


def test_every_screen_is_saved_and_the_same_phone_goes_on_where_it_left_off(client, session, campaign):
    r = Resident(client)
    r.start(area="nord")
    for n in (1, 2, 3):
        r.answer(n, score=str(n), good=f"svar {n}")
        assert set(draft_of(session).answers) == set(survey().theme_slugs[:n])
    landing = r.get("").text
    assert "Du har begynt å svare" in landing and 'href="/k/demo/tema/4"' in landing
    assert 'value="nord" checked' in landing
    assert r.post("", {"area": "nord"}).headers["location"] == "/k/demo/tema/4"
    assert responses(session) == []


def test_a_cut_connection_and_a_resume_link_lose_no_earlier_screen(client, session, campaign):
    phone = Resident(client)
    phone.start()
    for n in (1, 2, 3):
        phone.answer(n, score="6", good=f"svar {n}")
    page = phone.get("/tema/4").text
    link = _resume_path(page)
    assert 'id="resume-link"' in page and "http://127.0.0.1:8000" + link in page
    # screen 4 is in hand when the bus enters the tunnel: its post never arrives
    with TestClient(app) as other:
        moved = other.get(link, follow_redirects=False)
        # the link keeps the language it was shown in
        assert moved.status_code == 303 and moved.headers["location"] == "/k/demo/tema/4?lang=nb"
        cookie = moved.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/k/demo" in cookie
        other_phone = Resident(other)
        for n in (1, 2, 3):
            shown = other_phone.get(f"/tema/{n}").text
            assert 'value="6" checked' in shown and f">\nsvar {n}</textarea>" in shown
        for n in range(4, 15):
            other_phone.answer(n, score="3")
        assert other_phone.profile().headers["location"] == "/k/demo/takk"
    (stored,) = responses(session)
    answers = answers_of(session, stored.id)
    assert len(answers) == 14 and answers["moving_around"].good == "svar 1"


def test_the_resume_link_is_unguessable_and_a_wrong_one_says_so(client, session, campaign):
    r = Resident(client)
    r.start()
    token = _resume_path(r.get("/tema/1").text).rsplit("/", 1)[1].split("?")[0]
    assert len(token) >= 32
    assert draft_of(session).token_hash != token  # only the hash is stored
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "kort", "x" * 40):
        page = client.get(f"/k/demo/fortsett/{bad}", follow_redirects=False)
        assert page.status_code == 404 and "Lenken virker ikke lenger" in page.text


def test_drafts_hold_no_device_data(client, session, campaign):
    r = Resident(client)
    client.headers["user-agent"] = "Sjelden-Telefon/1.0"
    r.start()
    r.answer(1, good="hei")
    columns = {c["name"] for c in inspect(get_engine()).get_columns("response_draft")}
    assert not {c for c in columns if any(w in c for w in ("ip", "agent", "device", "address"))}
    draft = draft_of(session)
    assert "Sjelden-Telefon" not in repr(draft.model_dump())


def test_drafts_expire_and_are_cleared(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1)
    draft = draft_of(session)
    token = client.cookies.get(drafts.COOKIE)
    assert drafts.load(session, campaign, token) is not None
    later = utcnow() + drafts.ttl() + timedelta(minutes=1)
    assert drafts.is_expired(draft, later) and not drafts.is_expired(draft)
    assert drafts.purge_expired(session, utcnow()) == 0
    assert drafts.purge_expired(session, later) == 1
    session.commit()  # services only flush; the test is the unit of work here
    assert session.exec(select(Draft)).all() == []
    assert r.get("/tema/2").headers["location"] == "/k/demo"


def test_an_expired_draft_is_not_loaded_before_the_clean_up(client, session, campaign):
    r = Resident(client)
    r.start()
    draft = draft_of(session)
    draft.updated_at = utcnow() - drafts.ttl() - timedelta(hours=1)
    session.add(draft)
    session.commit()
    assert r.get("/tema/1").status_code == 303
    assert "Du har begynt" not in r.get("").text


def test_a_double_tap_a_back_resend_and_a_retry_store_one_response(client, session, campaign):
    r = Resident(client)
    r.start()
    for n in range(1, 15):
        r.answer(n, score="5")
    first = r.profile(age_band="35-44")
    again = r.profile(age_band="35-44")
    assert first.headers["location"] == again.headers["location"] == "/k/demo/takk"
    back = r.answer(14, score="1")  # the back button shows the last theme; sent again
    assert back.headers["location"] == "/k/demo/takk"
    (stored,) = responses(session)
    assert answers_of(session, stored.id)["moving_around"].score == 5
    assert draft_of(session).answers == {}  # the draft keeps only that it was sent


def test_a_retry_after_the_response_was_stored_but_the_page_never_came(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1, score="2")
    r.profile(go="stay", gender="male")
    draft = draft_of(session)
    # the first send reached the database, then the connection dropped before the draft was marked
    service.submit(session, campaign, drafts.to_response(draft, "nb"))
    session.commit()  # services only flush; the test is the unit of work here
    assert r.profile(gender="male").headers["location"] == "/k/demo/takk"
    assert len(responses(session)) == 1
    assert draft_of(session).submitted_at is not None


def test_two_sends_at_the_same_moment_store_one_response(client, session, campaign):
    r = Resident(client)
    r.start()
    for n in range(1, 15):
        r.answer(n, score="4")
    cookies = dict(client.cookies.items())
    results = []

    def tap():
        with TestClient(app, cookies=cookies) as c:
            sent = c.post("/k/demo/om-deg", data={"csrf": r.token, "go": "send", "household": "alone"},
                          follow_redirects=False)
            results.append((sent.status_code, sent.headers.get("location")))

    threads = [threading.Thread(target=tap) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(303, "/k/demo/takk")] * 3
    assert len(responses(session)) == 1


def test_after_sending_a_new_start_is_a_new_draft_and_a_new_response(client, session, campaign):
    r = Resident(client)
    r.start()
    r.answer(1)
    r.profile()
    first_id = responses(session)[0].id
    assert r.get("/tema/1").headers["location"] == "/k/demo/takk"
    assert "Du har begynt" not in r.get("").text
    r.start()
    r.answer(1, score="1")
    r.profile()
    ids = {x.id for x in responses(session)}
    assert len(ids) == 2 and first_id in ids


def test_invitation_code_from_the_link_is_kept_and_spent_on_sending(client, session, campaign):
    (code,) = make_codes(session, campaign, 1)
    session.commit()  # services only flush; the test is the unit of work here
    r = Resident(client)
    landing = client.get(f"/k/demo?code={code.lower()}").text
    assert f'<input type="hidden" name="code" value="{code}">' in landing and 'id="f-code"' not in landing
    r.token = csrf(landing)
    assert r.post("", {"area": "sentrum", "code": code}).status_code == 303
    kept = draft_of(session).invitation_code
    assert kept is not None and kept.startswith("#") and code not in kept.upper()  # a hash, never the code
    r.answer(1)
    assert r.profile().headers["location"] == "/k/demo/takk"
    assert draft_of(session).invitation_code is None
    assert len(responses(session)) == 1
    assert not is_valid(session, campaign, code)


def test_a_used_or_unknown_code_gets_a_clear_message(client, session, campaign):
    (code,) = make_codes(session, campaign, 1)
    session.commit()  # services only flush; the test is the unit of work here
    first = Resident(client)
    first.start(code=code)
    first.answer(1)
    first.profile()
    for bad in (code, "NOPE2345"):
        page = client.get(f"/k/demo?code={bad}")
        assert "ukjent eller allerede brukt" in page.text and 'id="f-code"' in page.text
        refused = Resident(client).post("", {"area": "sentrum", "code": bad})
        assert refused.status_code == 400 and 'aria-invalid="true"' in refused.text


def test_an_invitation_only_survey_asks_for_the_code(client, session):
    campaign = open_campaign(session, settings={"invitation_only": True})
    (code,) = make_codes(session, campaign, 1)
    session.commit()  # services only flush; the test is the unit of work here
    with TestClient(app) as fresh:
        r = Resident(fresh)
        page = r.get("").text
        assert 'id="f-code"' in page and 'aria-describedby="h-code"' in page
        missing = r.post("", {"area": "sentrum", "code": ""})
        assert missing.status_code == 400 and "Skriv inn koden" in missing.text
        assert r.post("", {"area": "sentrum", "code": code.lower()}).status_code == 303
        assert 'id="f-code"' not in r.get("").text  # the draft holds the code now
        r.answer(1)
        assert r.profile().headers["location"] == "/k/demo/takk"
    assert not is_valid(session, campaign, code)


def test_a_code_spent_elsewhere_before_sending_stores_nothing(client, session, campaign):
    (code,) = make_codes(session, campaign, 1)
    session.commit()  # services only flush; the test is the unit of work here
    r = Resident(client)
    r.start(code=code)
    r.answer(1)
    with TestClient(app) as other:
        o = Resident(other)
        o.start(code=code)
        o.answer(1, score="7")
        o.profile()
    refused = r.profile()
    assert refused.status_code == 409 and "allerede brukt" in refused.text
    assert len(responses(session)) == 1


def test_starting_a_draft_leaves_the_clean_up_to_the_daily_purge(client, session, campaign):
    Resident(client).start()
    old = draft_of(session)
    old.updated_at = utcnow() - drafts.ttl() - timedelta(days=1)
    session.add(old)
    session.commit()
    old_hash = old.token_hash
    with TestClient(app) as other:
        Resident(other).start()
    session.rollback()
    assert len(session.exec(select(Draft)).all()) == 2  # no DELETE on the resident's path
    assert drafts.purge_if_due() == 1
    session.rollback()
    remaining = session.exec(select(Draft)).all()
    assert len(remaining) == 1 and remaining[0].token_hash != old_hash


@pytest.mark.parametrize("areas", [(), (("sentrum", "Sentrum"),),
                                   (("sentrum", "Sentrum"), ("nord", "Nord"), ("sor", "Sør"))])
def test_a_page_reads_its_campaign_and_this_phones_draft_in_one_statement(session, areas):
    """The draft comes with its own campaign only, however many areas it has (or none); every area is
    still listed, in order; no or a foreign token finds nothing."""
    mine = open_campaign(session, "mine", areas=areas)
    open_campaign(session, "other")
    token, made = drafts.start(session, mine, None, None)
    made.answers = {"bolig": {"score": 6, "good": "Fint", "better": ""}}
    session.commit()
    with read_only() as reader, statements() as sent:
        found = published(reader, "mine", drafts.key(token))
    assert [s for s in sent if s.lstrip().upper().startswith("SELECT")] == [sent[-1]]
    assert found is not None and [a.slug for a in found.areas] == [slug for slug, _ in areas]
    assert found.draft is not None and found.draft.token_hash == drafts.key(token)
    assert found.draft.answers == made.answers and drafts.live(found.draft, found.campaign) is not None
    with read_only() as reader:
        assert published(reader, "other", drafts.key(token)).draft is None  # another campaign's page
        assert published(reader, "mine", None).draft is None
        assert published(reader, "mine", drafts.key("x" * 32)).draft is None
        assert published(reader, "nowhere", drafts.key(token)) is None
