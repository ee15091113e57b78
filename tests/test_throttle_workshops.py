"""Workshop codes are limited per device, never per shared address: a room of 30 phones behind one
address votes while wrong codes are tried from that same address."""

import re

import pytest
from sqlmodel import Session, select

from app.main import app
from app.models.workshops import Ballot, LookupFailure, Workshop
from app.workshops import routes_phone
from app.workshops.voting import LOOKUP_MAX
from tests.client import TestClient
from tests.workshops_support import LOW, SECOND, create_workshop, csrf_of, demo_like, facilitator, post

ROOM = ("192.0.2.50", 40000)  # the council room's one public address


@pytest.fixture
def workshop(session: Session) -> Workshop:
    s = demo_like(session)
    staff = facilitator(session)
    wid = create_workshop(staff, s)
    assert post(staff, f"/staff/workshops/{wid}/rounds", {}, f"/staff/workshops/{wid}").status_code == 303
    session.commit()
    found = session.get(Workshop, wid)
    assert found is not None
    return found


def phone() -> TestClient:
    return TestClient(app, client=ROOM)


def vote(device: TestClient, code: str, points: dict[str, str]):  # type: ignore[no-untyped-def]
    page = device.get(f"/v/{code}")  # as after scanning the QR code: no cookie yet
    assert page.status_code == 200, page.text
    round_no = re.search(r'name="round" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    return device.post(f"/v/{code}", follow_redirects=False, data={
        "csrf": csrf_of(page.text), "round": round_no, **{f"p-{k}": v for k, v in points.items()}})


def guess(attacker: TestClient, n: int) -> int:
    return attacker.get(f"/v/WRONG{n:05d}").status_code


def test_a_room_of_thirty_phones_votes_while_wrong_codes_are_tried(workshop: Workshop, session: Session):
    persistent = phone()  # an attacker keeping its cookie: stopped after LOOKUP_MAX
    for n in range(LOOKUP_MAX):
        assert guess(persistent, n) == 404
    assert guess(persistent, 99) == 429
    assert persistent.get(f"/v/{workshop.code}").status_code == 429  # its right guess is refused too
    cookieless = 0
    for i in range(30):
        # Between the phones, scripts on the same address go on guessing: a cookieless one is never
        # told anything about a code, and one that mints a device per batch is counted per device.
        script = phone()
        r = script.get(f"/v/WRONG{i:05d}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("?d=1")
        cookieless += 1
        minted = phone()
        assert [guess(minted, n) for n in range(3)] == [404, 404, 404]
        assert vote(phone(), workshop.code, {LOW: "6", SECOND: "4"}).status_code == 303, i
    session.commit()
    ballots = session.exec(select(Ballot)).all()
    assert len(ballots) == 30 and len({b.device for b in ballots}) == 30
    assert cookieless == 30


def test_a_phone_that_mistypes_still_joins_and_its_count_is_its_own(workshop: Workshop, session: Session):
    typo = phone()
    assert typo.get("/v").status_code == 200  # the join form gives the device
    for n in range(LOOKUP_MAX - 1):
        r = typo.post("/v", data={"csrf": csrf_of(typo.get("/v").text), "code": f"WRONG{n:05d}"})
        assert r.status_code == 404
    joined = typo.post("/v", follow_redirects=False,
                       data={"csrf": csrf_of(typo.get("/v").text), "code": workshop.code.lower()})
    assert joined.status_code == 303 and joined.headers["location"] == f"/v/{workshop.code}"
    session.commit()
    assert len(session.exec(select(LookupFailure)).all()) == LOOKUP_MAX - 1
    assert vote(phone(), workshop.code, {LOW: "1"}).status_code == 303  # another phone, same address


def test_without_cookies_no_code_is_looked_up(workshop: Workshop, session: Session):
    script = phone()
    r = script.get(f"/v/{workshop.code}", follow_redirects=False)
    assert r.status_code == 303 and routes_phone.COOKIE in r.headers["set-cookie"]
    # A client that refuses the cookie learns nothing, right code or wrong.
    script.cookies.clear()
    right = script.get(f"/v/{workshop.code}?d=1")
    script.cookies.clear()
    wrong = script.get("/v/WRONG00000?d=1")
    assert right.status_code == wrong.status_code == 400
    assert workshop.title not in right.text
    session.commit()
    assert session.exec(select(LookupFailure)).all() == []
