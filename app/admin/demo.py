"""Synthetic, clearly marked demo data: an example municipality, campaign and responses."""

import random
import secrets
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.config import get_settings
from app.db import read_only, unit_of_work
from app.models import Area, Campaign, User
from app.models.common import utcnow
from app.results import bulk
from app.surveys.definitions import Survey, get_survey

DEMO_SLUG = "demo"
DEMO_ADMIN = "demo-admin"
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
FOCUS_GROUPS = ["ungdomsrådet", "seniorsenteret"]
MODES = ["survey"] * 8 + ["walk", "paper"]


def login_file() -> Path:
    """Where the demo admin's password is kept for `make run` to print (beside the database)."""
    return get_settings().var_dir / "demo-login.txt"


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
        login_file().parent.mkdir(parents=True, exist_ok=True)
        login_file().write_text(f"{DEMO_ADMIN} {password}\n", encoding="utf-8")
        login_file().chmod(0o600)
    data = CampaignIn(
        slug=DEMO_SLUG, title="Stedskompasset i Eksempel kommune (demo)", survey="stedskompasset",
        areas=[AreaIn(slug=s, name=n) for s, n in AREAS], status="open", results_public=True,
    )
    campaign = create_campaign(session, data, admin, is_demo=True)
    add_responses(session, campaign, responses)
    return campaign


def demo_login() -> str | None:
    """The demo admin's `name password`, if this machine made it."""
    return login_file().read_text(encoding="utf-8").strip() if login_file().exists() else None


Chunk = tuple[list[tuple], list[Sequence[tuple]], list[tuple]]  # responses, answer sets, profile


def add_responses(
    session: Session, campaign: Campaign, count: int, seed: int = 7, chunk: int = 20000
) -> int:
    """Insert `count` synthetic responses and their tallies in the session's transaction (a
    small load: setup, tests). A large one goes through `load_responses`."""
    areas = list(session.exec(select(Area).where(Area.campaign_id == campaign.id)))
    done = 0
    for rows in _chunks(campaign, areas, count, seed, chunk):
        bulk.write_chunk(session, *rows)
        done += len(rows[0])
    return done


def load_responses(campaign_id: int, count: int, seed: int = 7, chunk: int = 20000) -> int:
    """Insert `count` synthetic responses and their tallies, one unit of work per chunk: a
    million in minutes, without one giant transaction (`medvirk demo --responses 1000000`).

    Each chunk is drawn before its transaction begins, so a writer waits only for the inserts.
    """
    with read_only() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        areas = list(session.exec(select(Area).where(Area.campaign_id == campaign_id)))
    done = 0
    for rows in _chunks(campaign, areas, count, seed, chunk):
        with unit_of_work() as session:
            bulk.write_chunk(session, *rows)
        done += len(rows[0])
    return done


def _chunks(campaign: Campaign, areas: list[Area], count: int, seed: int, chunk: int) -> Iterator[Chunk]:
    """Synthetic rows in chunks (no database work).

    Answer sets are drawn from a pool of realistic ones per area (see `_answer_set`), so the
    figures look real while the hot loop stays cheap; profiles are drawn per response.
    """
    survey = get_survey(campaign.survey_slug)
    assert survey is not None
    rng = random.Random(seed)
    pools = {a.id: [_answer_set(rng, survey, a) for _ in range(POOL)] for a in areas}
    questions = [(q.key, [o.value for o in q.options]) for q in survey.profile]
    ids, now, done = bulk.Ids(rng.getrandbits(64)), utcnow(), 0
    while done < count:
        n = min(chunk, count - done)
        responses: list[tuple] = []
        answers: list[Sequence[tuple]] = []
        profile: list[tuple] = []
        for _ in range(n):
            area, rid, mode = rng.choice(areas), ids.next(), rng.choice(MODES)
            # Walk-and-talk answers come from focus groups, so breakdowns by group have data.
            group = rng.choice(FOCUS_GROUPS) if mode == "walk" else None
            responses.append((rid, campaign.id, area.id, mode, "nb", campaign.survey_version,
                              False, True, group, f"{rng.getrandbits(256):064x}",
                              now - timedelta(seconds=rng.randrange(30 * 24 * 3600))))
            answers.append(rng.choice(pools[area.id]))
            profile.extend((rid, key, rng.choice(values)) for key, values in questions if rng.random() < 0.85)
        yield responses, answers, profile
        done += n


POOL = 4000  # answer sets per area


def _answer_set(rng: random.Random, survey: Survey, area: Area) -> list[tuple]:
    """One person's answers: a mood, the area's leanings, noise, some don't-knows and comments."""
    leaning = LEANINGS.get(area.slug, {})
    mood = rng.gauss(0, 0.8)
    out = []
    for theme in survey.theme_slugs:
        score = None
        if rng.random() > 0.07:
            score = min(7, max(1, round(rng.gauss(4.2 + leaning.get(theme, 0) + mood, 1.3))))
        good = rng.choice(COMMENTS["good"]) if rng.random() < 0.08 else None
        better = rng.choice(COMMENTS["better"]) if rng.random() < 0.12 else None
        out.append((theme, score, good, better))
    return out
