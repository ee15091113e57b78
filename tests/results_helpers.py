"""Builders for the results tests: a campaign, and responses stored through the real submit()."""

import uuid

from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.models import Campaign, User
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from tests.helpers import themes


def campaign(session: Session, slug: str = "res", org: str = "testby", **extra) -> tuple[Campaign, User]:
    organisation = get_or_create_organisation(session, org, org.title())
    user = session.exec(select(User).where(User.username == f"admin-{org}")).first()
    if user is None:
        user = create_user(session, f"admin-{org}", "admin", organisation, password="correct horse battery")
    data = CampaignIn(slug=slug, title=f"Kampanje {slug}", survey="stedskompasset", status="open",
                      areas=[AreaIn(slug="sentrum", name="Sentrum"), AreaIn(slug="nord", name="Nord")],
                      **extra)
    made = create_campaign(session, data, user)
    session.commit()  # services only flush; the test is the unit of work here
    return made, user


def add(session: Session, c: Campaign, user: User, scores: dict[str, int | None] | int | None = 4,
        area: str = "sentrum", mode: str = "survey", group: str | None = None,
        consensus: bool = False, profile: dict[str, str] | None = None,
        good: str | None = None, better: str | None = None) -> str:
    """Store one response through submit(); returns its id."""
    session.rollback()  # a stale SQLite read snapshot cannot become a write
    if not isinstance(scores, dict):
        scores = {t: scores for t in themes()}
    body = ResponseIn(
        id=uuid.uuid4(), area=area, mode=mode, locale="nb",
        answers={t: {"score": s, "good": good, "better": better} for t, s in scores.items()},
        profile=profile or {},
    )
    out = submit(session, c, body, staff=user, group_label=group, is_consensus=consensus)
    session.commit()
    assert out.created
    return str(body.id)


def csrf_of(html: str) -> str:
    import re

    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def login(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Log a staff user in through the real login form."""
    form = client.get("/staff/login")
    r = client.post("/staff/login", data={"username": user.username, "password": "correct horse battery",
                                          "csrf": csrf_of(form.text), "next": "/staff"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
