"""Synthetic, clearly marked demo data: an example municipality, campaign and responses."""

import random
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.config import ROOT
from app.models import Answer, Area, Campaign, ProfileAnswer, Response, User
from app.models.common import utcnow
from app.surveys.definitions import Survey, get_survey

DEMO_SLUG = "demo"
DEMO_ADMIN = "demo-admin"
LOGIN_FILE = ROOT / "var" / "demo-login.txt"
AREAS = [("sentrum", "Sentrum (demo)"), ("nordbyen", "Nordbyen (demo)")]
# Typical shapes: the centre has transport and services, the suburb has nature and quiet.
LEANINGS = {
    "sentrum": {"public_transport": 1.5, "facilities_services": 1.2, "natural_space": -1.5,
                "traffic_parking": -1.0, "feeling_safe": -0.5},
    "nordbyen": {"public_transport": -1.5, "natural_space": 1.5, "play_recreation": 0.8,
                 "work_economy": -1.2, "social_interaction": -0.8},
}
COMMENTS = {
    "good": ["Kort vei til butikken.", "Fin tursti langs elva.", "Gode naboer.",
             "Bussen går ofte.", "Trygt å gå om kvelden."],
    "better": ["Flere benker og mer lys.", "Bussen bør gå oftere i helgene.",
               "Tryggere krysning ved skolen.", "Et sted for ungdom å være.",
               "Bedre brøyting av fortauene."],
}
MODES = ["survey"] * 8 + ["walk", "paper"]


def ensure_demo(session: Session, responses: int = 300) -> Campaign:
    """Create the demo organisation, admin and campaign once; later calls change nothing."""
    existing = session.exec(select(Campaign).where(Campaign.slug == DEMO_SLUG)).first()
    if existing is not None:
        return existing
    org = get_or_create_organisation(session, "demo", "Eksempel kommune (demo)")
    admin = session.exec(select(User).where(User.username == DEMO_ADMIN)).first()
    if admin is None:
        password = secrets.token_urlsafe(12)
        admin = create_user(session, DEMO_ADMIN, "admin", org, password=password)
        LOGIN_FILE.parent.mkdir(parents=True, exist_ok=True)
        LOGIN_FILE.write_text(f"{DEMO_ADMIN} {password}\n", encoding="utf-8")
        LOGIN_FILE.chmod(0o600)
    data = CampaignIn(
        slug=DEMO_SLUG, title="Stedskompasset i Eksempel kommune (demo)", survey="stedskompasset",
        areas=[AreaIn(slug=s, name=n) for s, n in AREAS], status="open", results_public=True,
    )
    campaign = create_campaign(session, data, admin, is_demo=True)
    add_responses(session, campaign, responses)
    return campaign


def demo_login() -> str | None:
    """The demo admin's `name password`, if this machine made it."""
    return LOGIN_FILE.read_text(encoding="utf-8").strip() if LOGIN_FILE.exists() else None


def add_responses(
    session: Session, campaign: Campaign, count: int, seed: int = 7, chunk: int = 2000
) -> int:
    """Insert `count` synthetic responses in chunks, fast enough for a million."""
    survey = get_survey(campaign.survey_slug)
    assert survey is not None
    areas = list(session.exec(select(Area).where(Area.campaign_id == campaign.id)))
    rng = random.Random(seed)
    done = 0
    while done < count:
        n = min(chunk, count - done)
        responses, answers, profile = [], [], []
        for r, a, p in (_one(rng, survey, campaign, areas) for _ in range(n)):
            responses.append(r)
            answers.extend(a)
            profile.extend(p)
        conn = session.connection()
        conn.execute(insert(Response), responses)
        conn.execute(insert(Answer), answers)
        if profile:
            conn.execute(insert(ProfileAnswer), profile)
        session.commit()
        done += n
    return done


def _one(rng: random.Random, survey: Survey, campaign: Campaign, areas: list[Area]):  # type: ignore[no-untyped-def]
    area = rng.choice(areas)
    rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    leaning = LEANINGS.get(area.slug, {})
    mood = rng.gauss(0, 0.8)
    answers = []
    for theme in survey.theme_slugs:
        score = None
        if rng.random() > 0.07:
            score = min(7, max(1, round(rng.gauss(4.2 + leaning.get(theme, 0) + mood, 1.3))))
        good = rng.choice(COMMENTS["good"]) if rng.random() < 0.08 else None
        better = rng.choice(COMMENTS["better"]) if rng.random() < 0.12 else None
        answers.append({"response_id": rid, "theme": theme, "score": score, "good": good,
                        "better": better})
    profile = [
        {"response_id": rid, "question": q.key, "value": rng.choice(q.options).value}
        for q in survey.profile if rng.random() < 0.85
    ]
    row = {
        "id": rid, "campaign_id": campaign.id, "area_id": area.id, "mode": rng.choice(MODES),
        "locale": "nb", "survey_version": campaign.survey_version, "is_consensus": False,
        "is_demo": True, "group_label": None, "body_hash": secrets.token_hex(32),
        "submitted_at": utcnow() - timedelta(minutes=rng.randrange(60 * 24 * 30)),
    }
    return row, answers, profile


