"""Builders for the class session tests: a teacher's session and pupils driving the plain forms."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.main import app
from app.models.classes import ClassSession
from tests.resident_support import Resident, csrf, open_campaign, survey
from tests.staff_support import logged_in, post_form


def teacher_with_session(session: Session, role: str = "facilitator", title: str = "6B Nordby skole",
                         **campaign) -> tuple[TestClient, ClassSession]:
    """A logged-in teacher of Testby and an open class session about Sentrum."""
    c = open_campaign(session, is_demo=False, **campaign)
    client, _ = logged_in(session, role)
    r = post_form(client, "/staff/classes/new", {"place": f"{c.id}:sentrum", "title": title},
                  "/staff/classes/new")
    assert r.status_code == 303, r.text
    session.rollback()
    cs = session.exec(select(ClassSession).order_by(ClassSession.id.desc())).first()  # type: ignore[union-attr]
    assert cs is not None and r.headers["location"] == f"/staff/classes/{cs.id}"
    return client, cs


class Pupil(Resident):
    """A pupil's browser: types the class code, presses start, then answers like any resident."""

    def __init__(self, slug: str = "demo"):
        super().__init__(TestClient(app), slug)

    def join(self, code: str):
        page = self.client.get("/klasse")
        r = self.client.post("/klasse", data={"csrf": csrf(page.text), "code": code}, follow_redirects=False)
        return r

    def begin(self, code: str):
        r = self.join(code)
        assert r.status_code == 200, r.text
        r = self.client.post("/klasse/start", data={"csrf": csrf(r.text), "code": code},
                             follow_redirects=False)
        assert r.status_code == 303, r.text
        self.token = csrf(self.client.get("/klasse").text)
        return r

    def answer_some(self, score: str = "2", themes: int = 3):
        for n in range(1, themes + 1):
            assert self.answer(n, score=score).status_code == 303
        r = self.profile()
        assert r.status_code == 303 and r.headers["location"].endswith("/takk"), r.text
        return r

    def whole_class_answer(self, code: str, score: str = "2", themes: int = 3):
        self.begin(code)
        return self.answer_some(score, themes)


def counts_on(page: str) -> tuple[int, int]:
    found = dict(re.findall(r'data-count="(started|done)">(\d+)<', page))
    return int(found["started"]), int(found["done"])


def n_themes() -> int:
    return len(survey().themes)
