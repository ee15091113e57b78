"""The cap on new survey drafts per address and hour is a setting (MEDVIRK_DRAFTS_PER_HOUR): a
school network that is one address can be given room, and the cap holds at whatever it is set to."""

import pytest
from sqlmodel import select

from app.config import Settings, get_settings
from app.main import app
from app.models.drafts import Draft
from app.responses import drafts
from tests.client import TestClient
from tests.resident_support import Resident, open_campaign

SCHOOL = ("192.0.2.90", 40000)


def test_the_setting_decides_the_cap(session, monkeypatch):
    open_campaign(session)
    assert drafts.DRAFTS_PER_HOUR is None and Settings().drafts_per_hour == 60
    monkeypatch.setenv("MEDVIRK_DRAFTS_PER_HOUR", "0")
    with pytest.raises(ValueError):  # a cap of 0 would refuse everyone
        Settings()
    monkeypatch.setattr(get_settings(), "drafts_per_hour", 7)
    browser = TestClient(app, client=SCHOOL)
    for _ in range(7):
        assert Resident(browser).start().status_code == 303
        browser.cookies.delete(drafts.COOKIE)  # the next pupil at the same address
    assert Resident(browser).start().status_code == 429
    monkeypatch.setattr(get_settings(), "drafts_per_hour", 9)  # raised: the class goes on
    assert Resident(browser).start().status_code == 303
    session.rollback()
    assert len(session.exec(select(Draft)).all()) == 8
