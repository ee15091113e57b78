"""Shared by the idea board tests: a logged-in facilitator, a campaign with results, forms with CSRF."""

import re
import uuid

from sqlmodel import Session, select

from app.main import app
from app.models import Campaign, User
from app.models.ideas import Board
from app.results.comments import review
from tests.client import TestClient
from tests.conftest import make_staff
from tests.helpers import campaign_body, response_body, themes

PASSWORD = "correct horse battery"
LOW = "moving_around"  # scored lowest in seed_results
SECOND = "public_transport"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def form_id(html: str) -> str:
    return re.search(r'name="id" value="([^"]+)"', html).group(1)


def staff_client(
    session: Session, role: str = "facilitator", org: str = "testby"
) -> tuple[TestClient, str, str]:
    """(client logged in through the real form, username, API token)."""
    username, token = make_staff(session, role=role, org=org)
    client = TestClient(app)
    page = client.get("/staff/login")
    r = client.post(
        "/staff/login",
        data={"username": username, "password": PASSWORD, "csrf": csrf_of(page.text), "next": "/staff"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    return client, username, token


def seed_results(
    client: TestClient, session: Session, token: str, slug: str = "sentrum-2027", n: int = 6
) -> Campaign:
    """A campaign where LOW scores 1-2 and SECOND 3, others 6, with approved "better" comments."""
    r = client.post(
        "/api/v1/campaigns", json=campaign_body(slug), headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 201, r.text
    ids = []
    for k in range(n):
        body = response_body(area="sentrum", score=6)
        body["answers"][LOW] = {"score": 1 + k % 2, "good": "", "better": f"Bredere fortau {k}"}
        body["answers"][SECOND] = {"score": 3, "good": "", "better": f"Flere avganger {k}"}
        assert client.post(f"/api/v1/campaigns/{slug}/responses", json=body).status_code in (200, 201)
        ids.append(body["id"])
    user = session.exec(select(User)).first()
    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).one()
    for rid in ids[:2]:  # two approved comments per low theme, through the results domain's own review
        for theme in (LOW, SECOND):
            assert review(session, campaign, rid, theme, "better", "approved", user)
    assert len(themes()) == 14
    session.commit()  # services only flush: the test is the unit of work for the reviews
    session.refresh(campaign)
    session.expunge(campaign)
    session.rollback()  # end the read, so later queries see what the app writes
    return campaign


def post_staff(client: TestClient, url: str, data: dict | list, page: str = "/staff/boards"):
    token = csrf_of(client.get(page).text)
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    return client.post(url, data=_multi([*pairs, ("csrf", token)]), follow_redirects=False)


def _multi(pairs: list) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return form


def open_board(
    client: TestClient,
    campaign: Campaign,
    slug: str = "bylab",
    area: str = "sentrum",
    moderation: str = "post",
    room: bool = False,
    from_results: bool = True,
):
    data = [
        ("scope", f"{campaign.id}:{area}" if area else f"{campaign.id}"),
        ("title", "Bylab Sentrum"),
        ("slug", slug),
        ("intro", "Hva kan vi gjøre sammen?"),
        ("moderation", moderation),
    ]
    data += [("room", "1")] if room else []
    data += [("from_results", "1")] if from_results else []
    return post_staff(client, "/staff/boards", data)


def idea_fields(**overrides) -> list:
    fields = {
        "title": "Benker langs elva",
        "description": "Flere benker, så eldre kan hvile.",
        "place": "Elvepromenaden",
        "proposer_type": "resident",
        "proposer_name": "",
        "themes": [LOW],
        "actors": ["municipality", "volunteers"],
    }
    fields.update(overrides)
    pairs = []
    for key, value in fields.items():
        pairs += [(key, v) for v in value] if isinstance(value, list) else [(key, value)]
    return pairs


def post_idea(phone: TestClient, board: str, lang: str = "nb", form_uuid: str | None = None, **overrides):
    """Fill in the idea form as a phone does: load it, then post it with its hidden id."""
    page = phone.get(f"/b/{board}/new?lang={lang}")
    assert page.status_code == 200
    pairs = [("csrf", csrf_of(page.text)), ("id", form_uuid or form_id(page.text)), *idea_fields(**overrides)]
    return phone.post(f"/b/{board}/ideas", data=_multi(pairs), follow_redirects=False)


def post_idea_now(phone: TestClient, board: str, **overrides):
    """Post an idea with a form loaded earlier (before the room code or the board changed)."""
    html = phone.get(f"/b/{board}").text
    pairs = [("csrf", csrf_of(html)), ("id", new_uuid()), *idea_fields(**overrides)]
    return phone.post(f"/b/{board}/ideas", data=_multi(pairs), follow_redirects=False)


def phone_post(phone: TestClient, url: str, page: str, data: dict | list | None = None):
    """A POST from a phone page, with that page's CSRF token."""
    html = phone.get(page).text
    pairs = list((data or {}).items()) if not isinstance(data, list) else data
    return phone.post(url, data=_multi([*pairs, ("csrf", csrf_of(html))]), follow_redirects=False)


def new_phone() -> TestClient:
    return TestClient(app)


def new_uuid() -> str:
    return str(uuid.uuid4())


def plain_board(session: Session, slug: str = "bylab") -> tuple[TestClient, Board]:
    """(a facilitator's client, a board of a fresh campaign without results), stored."""
    staff, _user, token = staff_client(session)
    r = staff.post("/api/v1/campaigns", json=campaign_body("sentrum-2027"),
                   headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201, r.text
    campaign = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()
    assert open_board(staff, campaign, slug=slug, from_results=False).status_code == 303
    session.rollback()
    board = session.exec(select(Board).where(Board.slug == slug)).one()
    session.rollback()
    return staff, board
