"""Closing a round and storing a vote never interleave: a vote lands before the close or not at all.

On PostgreSQL both lock the round's row (SELECT ... FOR UPDATE); on SQLite a write transaction
begins with BEGIN IMMEDIATE, so one waits for the other. These tests hold one transaction open
and check that the other waits for it, then that the outcome is one of the two serial orders.
"""

import re
import threading
import time

import pytest
from sqlmodel import Session, select

from app.db import unit_of_work
from app.main import app
from app.models.workshops import Ballot, VoteRound, Workshop
from app.workshops import voting
from tests.client import TestClient
from tests.workshops_support import LOW, create_workshop, csrf_of, demo_like, facilitator, post

WAIT = 0.5  # seconds the blocked side is given to (wrongly) get through


@pytest.fixture
def open_round(session: Session) -> tuple[TestClient, Workshop, VoteRound]:
    s = demo_like(session)
    staff = facilitator(session)
    wid = create_workshop(staff, s)
    base = f"/staff/workshops/{wid}"
    assert post(staff, f"{base}/rounds", {}, base).status_code == 303
    session.commit()
    workshop = session.get(Workshop, wid)
    assert workshop is not None
    vote_round = voting.current_round(session, workshop)
    assert vote_round is not None and vote_round.is_open
    session.commit()
    return staff, workshop, vote_round


def _in_thread(target) -> tuple[threading.Thread, list]:  # type: ignore[no-untyped-def]
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(target())
        except Exception as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _close(vote_round: VoteRound) -> str:
    with unit_of_work() as s:
        voting.close_round(s, s.get(VoteRound, vote_round.id))  # type: ignore[arg-type]
    return "closed"


def _cast(vote_round: VoteRound, device: str) -> str:
    with unit_of_work() as s:
        voting.cast(s, s.get(VoteRound, vote_round.id), device, {f"t:{LOW}": 4}, "")  # type: ignore[arg-type]
    return "stored"


def test_a_vote_being_stored_holds_back_the_close(open_round, session: Session) -> None:
    _staff, _workshop, vote_round = open_round
    with unit_of_work() as s:
        voting.cast(s, s.get(VoteRound, vote_round.id), "phone-1", {f"t:{LOW}": 4}, "")  # type: ignore[arg-type]
        closer, outcome = _in_thread(lambda: _close(vote_round))
        time.sleep(WAIT)
        assert closer.is_alive() and outcome == []  # the close waits for the vote's transaction
    closer.join(timeout=60)
    assert outcome == ["closed"]
    session.commit()
    stored = session.get(Ballot, (vote_round.id, "phone-1"))
    closed = session.get(VoteRound, vote_round.id, populate_existing=True)
    assert stored is not None and closed is not None and not closed.is_open
    assert closed.closed_at is not None and stored.updated_at <= closed.closed_at  # counted before the close


def test_a_close_being_stored_turns_the_vote_away(open_round, session: Session) -> None:
    _staff, _workshop, vote_round = open_round
    with unit_of_work() as s:
        voting.close_round(s, s.get(VoteRound, vote_round.id))  # type: ignore[arg-type]
        voter, outcome = _in_thread(lambda: _cast(vote_round, "phone-2"))
        time.sleep(WAIT)
        assert voter.is_alive() and outcome == []  # the vote waits for the close's transaction
    voter.join(timeout=60)
    assert len(outcome) == 1 and isinstance(outcome[0], voting.Closed)  # and then sees the round closed
    session.commit()
    assert session.exec(select(Ballot)).all() == []


def test_phones_voting_while_the_round_closes_get_an_honest_answer(open_round, session: Session) -> None:
    """Over HTTP: every phone told "saved" has its ballot, every phone told "closed" has none."""
    staff, workshop, vote_round = open_round
    base = f"/staff/workshops/{workshop.id}"
    phones = [TestClient(app) for _ in range(8)]
    forms = []
    for phone in phones:
        page = phone.get(f"/v/{workshop.code}").text
        forms.append({"csrf": csrf_of(page), "round": re.search(r'name="round" value="(\d+)"', page).group(1),
                      f"p-t:{LOW}": "5", "comment": ""})
    close_token = csrf_of(staff.get(base).text)
    start = threading.Barrier(len(phones) + 1)
    answers: dict[int, int] = {}

    def vote(k: int) -> None:
        start.wait()
        answers[k] = phones[k].post(f"/v/{workshop.code}", data=forms[k], follow_redirects=False).status_code

    def close() -> None:
        start.wait()
        time.sleep(0.01)  # let a few votes in first
        r = staff.post(f"{base}/rounds/{vote_round.number}/close", data={"csrf": close_token},
                       follow_redirects=False)
        assert r.status_code == 303

    threads = [threading.Thread(target=vote, args=(k,)) for k in range(len(phones))]
    threads.append(threading.Thread(target=close))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert set(answers.values()) <= {303, 409} and len(answers) == len(phones)
    session.commit()
    closed = session.get(VoteRound, vote_round.id, populate_existing=True)
    assert closed is not None and not closed.is_open and closed.closed_at is not None
    ballots = session.exec(select(Ballot).where(Ballot.round_id == vote_round.id)).all()
    assert len(ballots) == sum(1 for code in answers.values() if code == 303)
    assert all(b.updated_at <= closed.closed_at for b in ballots)
