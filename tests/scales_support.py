"""Builders for the scale and survey-version tests: campaigns of any survey (or offering several
versions) and responses stored through the real submit()."""

import uuid

from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.models import Campaign, User
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.surveys.definitions import get_survey

PASSWORD = "correct horse battery"


def themes_of(slug: str) -> list[str]:
    survey = get_survey(slug)
    assert survey is not None
    return survey.theme_slugs


def make_campaign(session: Session, slug: str, survey: str = "children", versions: list[str] | None = None,
                  org: str = "testby", **extra) -> tuple[Campaign, User]:
    """An open campaign of `survey` (offering `versions` too), made by the organisation's admin."""
    organisation = get_or_create_organisation(session, org, org.title())
    user = session.exec(select(User).where(User.username == f"admin-{org}")).first()
    if user is None:
        user = create_user(session, f"admin-{org}", "admin", organisation, password=PASSWORD)
    data = CampaignIn(slug=slug, title=f"Kampanje {slug}", survey=survey, status="open",
                      areas=[AreaIn(slug="sentrum", name="Sentrum"), AreaIn(slug="nord", name="Nord")],
                      locales=["nb", "en"], versions=versions or [], **extra)
    made = create_campaign(session, data, user)
    session.commit()
    return made, user


def answer(session: Session, c: Campaign, user: User, score: int | None, survey: str | None = None,
           area: str = "sentrum", profile: dict[str, str] | None = None, **scores: int | None) -> str:
    """Store one response to `survey` (None: the campaign's own) with `score` on every theme."""
    session.rollback()  # a stale SQLite read snapshot cannot become a write
    slug = survey or c.survey_slug
    answers = {t: {"score": scores.get(t, score)} for t in themes_of(slug)}
    body = ResponseIn(id=uuid.uuid4(), area=area, mode="survey", locale="nb", survey=survey,
                      answers=answers, profile=profile or {})
    out = submit(session, c, body, staff=user)
    session.commit()
    assert out.created
    return str(body.id)
