"""Builders for the resident survey tests: an open campaign and a resident driving the forms."""

import re

from sqlmodel import Session, select

from app.auth.service import get_or_create_organisation
from app.i18n import LANGUAGES
from app.models import Answer, Area, Campaign, Response
from app.surveys.definitions import get_survey

LANGS = list(LANGUAGES)  # every shipped language, the five resident-only ones too


def survey():
    s = get_survey("stedskompasset")
    assert s is not None
    return s


def open_campaign(session: Session, slug: str = "demo", areas=(("sentrum", "Sentrum"), ("nord", "Nord")),
                  is_demo: bool = True, results_public: bool = True, status: str = "open",
                  settings: dict | None = None) -> Campaign:
    """A campaign of the Stedskompasset survey, as the demo data makes it, straight into the tables."""
    org = get_or_create_organisation(session, "testby", "Testby kommune")
    s = survey()
    campaign = Campaign(slug=slug, title="Stedskompasset i Testby", survey_slug=s.slug,
                        survey_version=s.version, status=status, organisation_id=org.id,
                        is_demo=is_demo, results_public=results_public, locales=list(s.locales),
                        settings=settings or {})
    session.add(campaign)
    session.flush()
    session.add_all(Area(campaign_id=campaign.id, slug=a, name=n) for a, n in areas)
    session.commit()
    return campaign


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


class Resident:
    """A phone answering the survey through the plain HTML forms (JavaScript off)."""

    def __init__(self, client, slug: str = "demo", lang: str | None = None):
        self.client, self.slug, self.lang = client, slug, lang
        self.token = ""

    def url(self, path: str = "") -> str:
        url = f"/k/{self.slug}{path}"
        return f"{url}?lang={self.lang}" if self.lang else url

    def get(self, path: str = ""):
        r = self.client.get(self.url(path), follow_redirects=False)
        if r.status_code == 200:
            self.token = csrf(r.text) if 'name="csrf"' in r.text else self.token
        return r

    def post(self, path: str, data: dict, **kw):
        if not self.token:
            self.get("")
        return self.client.post(f"/k/{self.slug}{path}", data={"csrf": self.token, **data},
                                follow_redirects=False, **kw)

    def start(self, area: str = "sentrum", code: str = ""):
        self.get("")
        return self.post("", {"area": area, "code": code})

    def answer(self, n: int, score="5", good: str = "", better: str = "", go: str = "next", **kw):
        return self.post(f"/tema/{n}", {"score": score, "good": good, "better": better, "go": go}, **kw)

    def profile(self, go: str = "send", **values):
        return self.post("/om-deg", {"go": go, **values})

    def answer_all(self, score="4", **profile):
        for n in range(1, len(survey().themes) + 1):
            assert self.answer(n, score=score, good=f"bra {n}").status_code == 303
        return self.profile(**profile)


def responses(session: Session) -> list[Response]:
    session.rollback()  # end the read snapshot, so rows the app committed since are seen
    return list(session.exec(select(Response)))


def answers_of(session: Session, response_id: str) -> dict[str, Answer]:
    session.rollback()
    return {a.theme: a for a in session.exec(select(Answer).where(Answer.response_id == response_id))}


def draft_of(session: Session):
    """The one draft in the database, as committed now."""
    from app.models.drafts import Draft

    session.rollback()
    return session.exec(select(Draft)).one()
