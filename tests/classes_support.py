"""Builders for the class session tests: a teacher's session and pupils driving the plain forms."""

import re

from sqlmodel import Session, select

from app.auth.service import get_or_create_organisation
from app.main import app
from app.models import Area, Campaign
from app.models.classes import ClassSession
from app.surveys.definitions import get_survey
from tests.client import TestClient
from tests.resident_support import Resident, csrf, open_campaign
from tests.staff_support import logged_in, post_form

LANGS = ["nb", "nn", "en", "se", "uk", "ar"]


def children_campaign(session: Session, slug: str = "barn") -> Campaign:
    """An open campaign of the children's version (3-point faces), about Sentrum and Nord."""
    org = get_or_create_organisation(session, "testby", "Testby kommune")
    s = get_survey("children")
    assert s is not None and s.scale.max == 3
    c = Campaign(slug=slug, title="Barnas stedskompass", survey_slug=s.slug, survey_version=s.version,
                 status="open", organisation_id=org.id, results_public=True, locales=LANGS, settings={})
    session.add(c)
    session.flush()
    areas = (("sentrum", "Sentrum"), ("nord", "Nord"))
    session.add_all(Area(campaign_id=c.id, slug=a, name=n) for a, n in areas)
    session.commit()
    return c


def teacher_with_session(session: Session, role: str = "facilitator", title: str = "6B Nordby skole",
                         children: bool = False, **campaign) -> tuple[TestClient, ClassSession]:
    """A logged-in teacher of Testby and an open class session about Sentrum."""
    c = children_campaign(session) if children else open_campaign(session, is_demo=False, **campaign)
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
        self.client.cookies.set("lang", "en")  # assertions read the English msgids

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


def n_themes(slug: str = "stedskompasset") -> int:
    found = get_survey(slug)
    assert found is not None
    return len(found.themes)
