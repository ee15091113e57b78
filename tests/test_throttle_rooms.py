"""Bylab room codes are limited per device and board, never per shared address: a room of 30 phones
behind one address gets in while wrong codes are tried from that same address, and a device that
keeps guessing is stopped, its right guess too."""

from sqlmodel import select

from app.ideas.participants import CODE_LENGTH, ROOM_TRIES, new_room_code
from app.main import app
from app.models.ideas import Board
from app.models.workshops import LookupFailure
from tests.client import TestClient
from tests.ideas_support import open_board, phone_post, post_idea, seed_results, staff_client

ROOM = ("192.0.2.60", 40000)  # the library's one public address


def phone() -> TestClient:
    device = TestClient(app, client=ROOM)
    assert device.get("/b/bylab").status_code == 200  # scanning the QR code gives it a device cookie
    return device


def join(device: TestClient, code: str):  # type: ignore[no-untyped-def]
    return phone_post(device, "/b/bylab/room", "/b/bylab", {"code": code})


def test_a_room_of_thirty_phones_gets_in_while_wrong_codes_are_tried(session):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    assert open_board(staff, campaign, room=True).status_code == 303
    session.rollback()
    code = session.exec(select(Board)).one().room_code
    assert code is not None and len(code) == CODE_LENGTH
    persistent = phone()  # a guesser that keeps its cookie: stopped after ROOM_TRIES
    for n in range(ROOM_TRIES):
        assert join(persistent, f"WRONG{n:03d}").status_code == 400
    assert join(persistent, "WRONG999").status_code == 429
    refused = join(persistent, code)  # its right guess is refused too: no oracle past the limit
    assert refused.status_code == 429 and "bylab_room" not in "".join(refused.headers.get_list("set-cookie"))
    for i in range(30):
        # between the phones, scripts on the same address go on guessing: without a cookie they
        # learn nothing, and each new device has ROOM_TRIES of its own
        script = TestClient(app, client=ROOM)
        assert script.post("/b/bylab/room", data={"code": code}, follow_redirects=False).status_code in (
            303, 403)  # no device cookie (and no CSRF cookie): never told whether the code is right
        assert "bylab_room" not in "".join(script.cookies.keys())
        guesser = phone()
        for n in range(3):
            assert join(guesser, f"GUESS{i:02d}{n}").status_code == 400
        member = phone()
        assert join(member, code.lower()).headers["location"] == "/b/bylab?m=joined"
        assert post_idea(member, "bylab").status_code == 303
    assert join(persistent, code).status_code == 429  # still waiting
    session.rollback()
    # only HMACs of devices are kept, never an address, and each device's failures are its own
    keys = session.exec(select(LookupFailure.key_hash)).all()
    assert len(keys) == ROOM_TRIES + 30 * 3 and all(ROOM[0] not in k for k in keys)
    assert len(set(keys)) == 31


def test_room_codes_are_long_and_from_a_plain_alphabet():
    codes = {new_room_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 8 and c.isalnum() and not set(c) & set("01IO") for c in codes)
