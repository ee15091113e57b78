"""Shared by the workshop tests: a demo-like campaign (two areas, a focus group, a small group that
must stay hidden, approved comments, population counts) and a bylab board with ideas, all stored
through the other domains' own services; a facilitator logged in through the real form."""

import re
import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.ideas import service as ideas
from app.ideas.boards import create_board
from app.main import app
from app.models import Campaign, User
from app.models.ideas import Board, Idea
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.results.comments import review
from app.results.population import replace_counts
from tests.client import TestClient
from tests.helpers import themes

PASSWORD = "correct horse battery"
LOW = "moving_around"
SECOND = "public_transport"
FOCUS_GROUP = "ungdomsrådet"
SMALL_GROUP = "eldrerådet"  # 2 answers: below the threshold of 5, must never show
OTHER_SMALL = "nabolagslaget"  # 3 answers: the two small groups hide 5 together, so no third needs hiding


@dataclass
class Setup:
    campaign: Campaign
    user: User
    board: Board
    ideas: list[Idea]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def _answer(session: Session, c: Campaign, user: User, area: str, low: int, mode: str = "survey",
            group: str | None = None, better: str | None = None, age: str = "25-34") -> str:
    scores = {t: 6 for t in themes()}
    scores[LOW], scores[SECOND] = low, 3
    body = ResponseIn(id=uuid.uuid4(), area=area, mode=mode, locale="nb",
                      answers={t: {"score": s, "good": None, "better": better if t == LOW else None}
                               for t, s in scores.items()},
                      profile={"age_band": age})
    assert submit(session, c, body, staff=user, group_label=group).created
    return str(body.id)


def demo_like(session: Session, org: str = "testby", slug: str = "sentrum-2027") -> Setup:
    """Sentrum (7 answers), Nordbyen (6, a focus group of 5, small groups of 2 and 3), a bylab board."""
    organisation = get_or_create_organisation(session, org, org.title())
    name = f"admin-{org}-{uuid.uuid4().hex[:4]}"
    user = create_user(session, name, "admin", organisation, password=PASSWORD)
    data = CampaignIn(slug=slug, title="Stedskompass Sentrum og Nordbyen", survey="stedskompasset",
                      status="open", areas=[AreaIn(slug="sentrum", name="Sentrum"),
                                            AreaIn(slug="nordbyen", name="Nordbyen")])
    campaign = create_campaign(session, data, user, is_demo=True)
    approved = []
    for k in range(7):
        approved.append(_answer(session, campaign, user, "sentrum", 1 + k % 2, better=f"Bredere fortau {k}"))
    for k in range(6):
        _answer(session, campaign, user, "nordbyen", 3 + k % 3, age="67-79" if k == 0 else "25-34")
    for k in range(5):
        approved.append(_answer(session, campaign, user, "nordbyen", 2, mode="workshop", group=FOCUS_GROUP,
                                better=f"Trygg sykkelvei til skolen {k}", age="16-19"))
    for _k in range(2):
        _answer(session, campaign, user, "nordbyen", 7, mode="workshop", group=SMALL_GROUP,
                better="Fra eldrerådet: hemmelig", age="67-79")
    for k in range(3):  # with 1, the hidden 2 + 1 = 3 would be worked out from the total (issue 11)
        _answer(session, campaign, user, "nordbyen", 7, mode="walk", group=OTHER_SMALL,
                age="67-79" if k == 0 else "25-34")
    for rid in approved[:2] + approved[-2:]:
        assert review(session, campaign, rid, LOW, "better", "approved", user)
    rows = [{"area_id": a, "age_band": band, "gender": "total", "count": n}
            for a in _area_ids(session, campaign)
            for band, n in (("16-19", 300), ("25-34", 500), ("67-79", 400))]
    replace_counts(session, campaign, rows)
    board = create_board(session, user, {"slug": f"bylab-{slug}", "title": "Bylab Nordbyen", "intro": "",
                                         "campaign": str(campaign.id), "area": "nordbyen",
                                         "moderation": "post"}, from_results=True)
    made = []
    for title, theme, actors in (("Benker langs elva", LOW, ["municipality", "volunteers"]),
                                 ("Nattbuss i helgene", SECOND, ["municipality"]),
                                 ("Dugnad i parken", "natural_space", ["residents"])):
        made.append(ideas.create_idea(session, board, {
            "id": str(uuid.uuid4()), "title": title, "description": "Forslag fra bylaben.", "themes": [theme],
            "place": "", "proposer_type": "resident", "proposer_name": "", "actors": actors},
            participant=uuid.uuid4().hex, locale="nb"))
    for k in range(3):
        ideas.support(session, made[0], f"p{k}")
    ideas.support(session, made[1], "p9")
    session.commit()  # services only flush; the test is the unit of work here
    return Setup(campaign, user, board, made)


def _area_ids(session: Session, campaign: Campaign) -> list[int]:
    from app.models import Area

    return list(session.exec(select(Area.id).where(Area.campaign_id == campaign.id)))  # type: ignore[arg-type]


def facilitator(session: Session, org: str = "testby") -> TestClient:
    """A new facilitator of the organisation, logged in through the real login form."""
    organisation = get_or_create_organisation(session, org, org.title())
    name = f"fasilitator-{uuid.uuid4().hex[:6]}"
    create_user(session, name, "facilitator", organisation, password=PASSWORD)
    session.commit()  # stored before the app is asked to log in
    client = TestClient(app)
    form = client.get("/staff/login")
    r = client.post("/staff/login", data={"username": name, "password": PASSWORD, "csrf": csrf_of(form.text),
                                          "next": "/staff"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def post(client: TestClient, url: str, data: list | dict, page: str, **kwargs):  # type: ignore[no-untyped-def]
    """POST a form with the CSRF token of the page it is on."""
    token = csrf_of(client.get(page).text)
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    form: dict[str, list[str]] = {}
    for key, value in [*pairs, ("csrf", token)]:
        form.setdefault(key, []).append(value)
    return client.post(url, data=form, follow_redirects=False, **kwargs)


def workshop_form(s: Setup, **extra) -> list:  # type: ignore[no-untyped-def]
    cid = s.campaign.id
    data = [("title", "Politisk verksted Nordbyen"), ("held_on", "2027-05-04"),
            ("method", "Vi viste resultatene."), ("points", "10"), ("campaigns", str(cid)),
            ("areas", f"{cid}:sentrum"), ("areas", f"{cid}:nordbyen"),
            ("comparisons", "area"), ("comparisons", "group"), ("themes", LOW), ("themes", SECOND),
            ("boards", str(s.board.id))]
    for key, value in extra.items():
        data = [(k, v) for k, v in data if k != key] + ([(key, v) for v in value] if isinstance(value, list)
                                                        else [(key, value)])
    return data


def create_workshop(client: TestClient, s: Setup) -> int:
    r = post(client, "/staff/workshops", workshop_form(s), "/staff/workshops/new")
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])
