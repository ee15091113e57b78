"""Single-use invitation codes: each works once, and the response does not record which."""

import threading

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from app.campaigns.invitations import is_valid, make_codes
from app.common.errors import ApiError
from app.db import get_engine, savepoint, unit_of_work
from app.models import Campaign, Response
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from tests.helpers import campaign_body, response_body


@pytest.fixture
def campaign(client, auth, session):
    client.post("/api/v1/campaigns", json=campaign_body(), headers=auth)
    return session.exec(select(Campaign)).one()


def test_twenty_codes_each_work_exactly_once(session, campaign):
    codes = make_codes(session, campaign, 20)
    assert len(set(codes)) == 20
    for code in codes:
        assert is_valid(session, campaign, code.lower())
        assert submit(session, campaign, ResponseIn(**response_body()), invitation_code=code).created
        assert not is_valid(session, campaign, code)
        # a refused submit is undone, as the caller's unit of work would roll it back
        with pytest.raises(ApiError) as err, savepoint(session):
            submit(session, campaign, ResponseIn(**response_body()), invitation_code=code)
        assert err.value.status == 409
    assert len(session.exec(select(Response)).all()) == 20


def test_retry_of_the_same_response_is_not_refused_as_a_spent_code(session, campaign):
    (code,) = make_codes(session, campaign, 1)
    data = ResponseIn(**response_body())
    assert submit(session, campaign, data, invitation_code=code).created
    again = submit(session, campaign, data, invitation_code=code)
    assert again.created is False


def test_simultaneous_use_of_one_code_stores_one_response(session, campaign):
    (code,) = make_codes(session, campaign, 1)
    campaign_id = campaign.id  # read once here: ORM objects must not be shared across threads
    session.commit()  # services only flush: the codes must be committed before other connections look
    outcomes = []

    def attempt():
        try:
            with unit_of_work() as s:  # one use case each: committed, or rolled back when refused
                c = s.get(Campaign, campaign_id)
                submit(s, c, ResponseIn(**response_body()), invitation_code=code)
            outcomes.append("stored")
        except ApiError:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused"] * 5 + ["stored"]
    session.rollback()  # end the read snapshot to see other connections' commits
    assert len(session.exec(select(Response)).all()) == 1


def test_codes_are_not_linked_to_responses():
    columns = {c["name"] for c in inspect(get_engine()).get_columns("invitation_code")}
    assert columns == {"id", "campaign_id", "code_hash", "used"}
    response_columns = {c["name"] for c in inspect(get_engine()).get_columns("response")}
    assert not any("invitation" in c or "code" in c for c in response_columns)
