"""Access on the API: drafts look unknown, dates and invitation codes hold, slugs are per
organisation, and every role x API action cell is checked over HTTP."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from app.campaigns.invitations import make_codes
from app.models import Campaign, FieldSession, Response, User
from tests.conftest import make_staff
from tests.helpers import campaign_body, response_body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def stored(session) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(Response)).one()


def campaign_row(session, slug: str, org_token_user: str | None = None) -> Campaign:
    session.rollback()
    query = select(Campaign).where(Campaign.slug == slug)
    if org_token_user:
        user = session.exec(select(User).where(User.username == org_token_user)).one()
        query = query.where(Campaign.organisation_id == user.organisation_id)
    return session.exec(query).one()


def change(session, campaign: Campaign, **values) -> None:
    for key, value in values.items():
        setattr(campaign, key, value)
    session.add(campaign)
    session.commit()


def same_as_unknown(client, url: str, slug: str, method: str = "get", **kw) -> None:
    """The answer for `slug` is byte for byte the answer for a slug that never existed."""
    other = "never-existed-" + uuid.uuid4().hex[:6]
    a = getattr(client, method)(url.format(slug=slug), **kw)
    b = getattr(client, method)(url.format(slug=other), **kw)
    assert a.status_code == b.status_code == 404
    assert a.text.replace(slug, "X") == b.text.replace(other, "X")
    # (the first HTML page of a client also sets its CSRF cookie, whichever address it asked for)
    assert set(a.headers) - {"set-cookie"} == set(b.headers) - {"set-cookie"}


def test_a_draft_answers_exactly_like_an_unknown_campaign(client, session):
    _, token = make_staff(session, "admin")
    assert client.post("/api/v1/campaigns", json=campaign_body(slug="hemmelig", status="draft"),
                       headers=bearer(token)).status_code == 201
    same_as_unknown(client, "/api/v1/campaigns/{slug}", "hemmelig")
    same_as_unknown(client, "/api/v1/campaigns/{slug}/responses", "hemmelig", "post", json=response_body())
    same_as_unknown(client, "/k/{slug}", "hemmelig")
    same_as_unknown(client, "/r/{slug}", "hemmelig")
    # Another municipality's token sees nothing either; the owner's token finds its draft.
    _, stranger = make_staff(session, "admin", org="annenby")
    same_as_unknown(client, "/api/v1/campaigns/{slug}", "hemmelig", headers=bearer(stranger))
    same_as_unknown(client, "/api/v1/campaigns/{slug}/responses", "hemmelig", "post",
                    json=response_body(mode="walk"), headers=bearer(stranger))
    assert client.get("/api/v1/campaigns/hemmelig", headers=bearer(token)).json()["status"] == "draft"
    # The owner's walk-and-talk is refused too: a draft takes no answers from anyone.
    r = client.post("/api/v1/campaigns/hemmelig/responses", json=response_body(mode="walk"),
                    headers=bearer(token))
    assert r.status_code == 404 and stored(session) == 0


def test_unpublished_results_answer_like_unknown(client, session):
    _, token = make_staff(session, "admin")
    client.post("/api/v1/campaigns", json=campaign_body(slug="stille", results_public=False),
                headers=bearer(token))
    same_as_unknown(client, "/r/{slug}", "stille")
    same_as_unknown(client, "/r/{slug}/compass.svg", "stille")


@pytest.mark.parametrize("opens,closes,ok", [
    (1, None, False),     # opens tomorrow
    (None, -1, False),    # closed yesterday
    (None, 0, True),      # the closing day itself still counts
    (0, None, True),      # the opening day counts from its start
    (-10, 10, True),
])
def test_dates_hold_on_the_api(client, session, opens, closes, ok):
    _, token = make_staff(session, "facilitator")
    client.post("/api/v1/campaigns", json=campaign_body(slug="datert"), headers=bearer(token))
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    change(session, campaign_row(session, "datert"),
           opens_at=today + timedelta(days=opens) if opens is not None else None,
           closes_at=today + timedelta(days=closes) if closes is not None else None)
    for headers, mode in (({}, "survey"), (bearer(token), "walk"), (bearer(token), "paper")):
        r = client.post("/api/v1/campaigns/datert/responses", json=response_body(mode=mode), headers=headers)
        if ok:
            assert r.status_code == 201, r.text
        else:
            assert r.status_code == 409 and r.json()["error"] == "campaign_not_open"
            day = (today + timedelta(days=opens if opens is not None else closes)).date().isoformat()
            assert day in r.json()["message"]
    assert stored(session) == (3 if ok else 0)


def test_invitation_only_needs_a_code_on_the_api(client, session):
    _, token = make_staff(session, "facilitator")
    _, analyst = make_staff(session, "analyst")
    client.post("/api/v1/campaigns", json=campaign_body(slug="invitert"), headers=bearer(token))
    campaign = campaign_row(session, "invitert")
    change(session, campaign, settings={"invitation_only": True})
    codes = make_codes(session, campaign, 2)
    session.commit()
    url = "/api/v1/campaigns/invitert/responses"
    for headers in ({}, bearer(analyst), bearer(token)):  # a staff token adds no right in survey mode
        r = client.post(url, json=response_body(), headers=headers)
        assert r.status_code == 403 and r.json()["error"] == "invitation_required"
        assert r.json()["errors"][0]["field"] == "invitation"
    for bad in ("", "WRONG123", codes[0] + "X"):
        r = client.post(url, json=response_body(invitation=bad))
        assert r.status_code in (403, 409), (bad, r.text)
    assert stored(session) == 0
    body = response_body(invitation=codes[0].lower())
    first = client.post(url, json=body)
    assert first.status_code == 201 and "invitation" not in first.json()
    assert client.post(url, json=body).status_code == 200  # a retry is a retry, not a spent code
    again = client.post(url, json=response_body(invitation=codes[0]))
    assert again.status_code == 409 and again.json()["error"] == "invitation_used"
    walk = client.post(url, json=response_body(mode="walk"), headers=bearer(token))
    assert walk.status_code == 201  # staff field work needs no letter
    assert stored(session) == 2


def test_slugs_are_per_organisation_and_drafts_reveal_nothing(client, session):
    _, a = make_staff(session, "admin", org="aby")
    _, b = make_staff(session, "admin", org="bby")
    # B's draft gets the same answer whether or not A holds the slug.
    first = client.post("/api/v1/campaigns", json=campaign_body(slug="sentrum", status="draft"),
                        headers=bearer(a))
    second = client.post("/api/v1/campaigns", json=campaign_body(slug="sentrum", status="draft"),
                         headers=bearer(b))
    assert first.status_code == second.status_code == 201
    strip = lambda r: {k: v for k, v in r.json().items() if k != "created_at"}  # noqa: E731
    assert strip(first) == strip(second)
    again = client.post("/api/v1/campaigns", json=campaign_body(slug="sentrum"), headers=bearer(a))
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "slug"
    # A publishes: the public address is A's; B's draft stays B's own.
    change(session, campaign_row(session, "sentrum", _username(session, a)),
           status="open", title="A sin")
    assert client.get("/api/v1/campaigns/sentrum").json()["title"] == "A sin"
    assert client.get("/api/v1/campaigns/sentrum", headers=bearer(b)).json()["status"] == "draft"
    # Publishing B under the same public address is refused with what anyone can see anyway.
    clash = client.post("/api/v1/campaigns", json=campaign_body(slug="sentrum", status="open"),
                        headers=bearer(_token(session, "cby")))
    assert clash.status_code == 409 and clash.json()["error"] == "address_in_use"


def test_responses_reach_the_published_campaign_of_a_shared_slug(client, session):
    _, b = make_staff(session, "admin", org="bby")
    a_user, a = make_staff(session, "admin", org="aby")
    # B's draft is older (found first by a lookup on the slug alone); A's campaign is the public one.
    client.post("/api/v1/campaigns", json=campaign_body(slug="sentrum", status="draft"), headers=bearer(b))
    client.post("/api/v1/campaigns", json=campaign_body(slug="sentrum", title="A sin"), headers=bearer(a))
    r = client.post("/api/v1/campaigns/sentrum/responses", json=response_body())
    assert r.status_code == 201, r.text
    session.rollback()
    row = session.exec(select(Response)).one()
    assert session.get(Campaign, row.campaign_id).title == "A sin"
    assert a_user


def _username(session, token: str) -> str:
    from app.auth.service import user_for_token

    session.rollback()
    return user_for_token(session, token).username


def _token(session, org: str) -> str:
    return make_staff(session, "admin", org=org)[1]


# ---- every role x API action, over HTTP -------------------------------------------------------

A, F, N, ANON = "admin", "facilitator", "analyst", None
# action -> roles that succeed; written by hand, not derived from the matrix.
API_EXPECTED = {
    "campaigns.create": {A, F},
    "campaigns.view (draft)": {A, F, N},
    "responses.survey": {A, F, N, ANON},
    "responses.walk": {A, F},
    "responses.workshop": {A, F},
    "responses.paper": {A, F},
    "field.note": {A, F},
    "results.summary (unpublished)": {A, F, N},
    "results.export csv": {A, F, N},
    "results.export ndjson": {A, F, N},
}


@pytest.mark.parametrize("role", [A, F, N, ANON])
def test_every_role_against_every_api_action(client, session, role):
    _, owner = make_staff(session, "admin")
    client.post("/api/v1/campaigns", json=campaign_body(slug="apen", results_public=False),
                headers=bearer(owner))
    client.post("/api/v1/campaigns", json=campaign_body(slug="utkast", status="draft"), headers=bearer(owner))
    campaign = campaign_row(session, "apen")
    owner_user = session.exec(select(User).where(User.role == "admin")).first()
    field = FieldSession(campaign_id=campaign.id, area_id=_area_id(session, campaign), kind="walk",
                         title="Runde", held_on=datetime.now(UTC).date(), group_label="Ungdomsrådet",
                         stops=["Torget"], created_by=owner_user.id)
    session.add(field)
    session.commit()
    headers = bearer(make_staff(session, role)[1]) if role else {}
    calls = {
        "campaigns.create": lambda: client.post("/api/v1/campaigns", json=campaign_body(slug=f"ny-{role}"),
                                                headers=headers),
        "campaigns.view (draft)": lambda: client.get("/api/v1/campaigns/utkast", headers=headers),
        "responses.survey": lambda: _post(client, "survey", headers),
        "responses.walk": lambda: _post(client, "walk", headers),
        "responses.workshop": lambda: _post(client, "workshop", headers),
        "responses.paper": lambda: _post(client, "paper", headers),
        "field.note": lambda: client.post(f"/api/v1/field/sessions/{field.id}/notes", headers=headers,
                                          json={"id": str(uuid.uuid4()), "text": "Mye trafikk"}),
        "results.summary (unpublished)": lambda: client.get("/api/v1/campaigns/apen/summary",
                                                            headers=headers),
        "results.export csv": lambda: client.get("/api/v1/campaigns/apen/responses.csv", headers=headers),
        "results.export ndjson": lambda: client.get("/api/v1/campaigns/apen/responses.ndjson",
                                                    headers=headers),
    }
    seen = {action: call().status_code for action, call in calls.items()}
    expected = {}
    for action, allowed in API_EXPECTED.items():
        if role in allowed:
            expected[action] = 200 if action.startswith(("campaigns.view", "results.")) else 201
        elif action == "campaigns.view (draft)":
            expected[action] = 404  # a draft is unknown to anyone who may not see it
        else:
            expected[action] = 401 if role is None else 403
    assert seen == expected
    session.rollback()
    assert sorted(session.exec(select(Response.mode)).all()) == sorted(
        m for m in ("survey", "walk", "workshop", "paper") if role in API_EXPECTED[f"responses.{m}"])


def _post(client, mode: str, headers: dict):
    return client.post("/api/v1/campaigns/apen/responses", json=response_body(mode=mode), headers=headers)


def _area_id(session, campaign: Campaign) -> int:
    from app.models import Area

    return session.exec(select(Area.id).where(Area.campaign_id == campaign.id)).first()


def test_switching_to_invitation_only_holds_at_once(client, session):
    """A worker that cached the campaign before the switch must not let a code-less answer in."""
    _, token = make_staff(session, "facilitator")
    client.post("/api/v1/campaigns", json=campaign_body(slug="snart"), headers=bearer(token))
    assert client.post("/api/v1/campaigns/snart/responses", json=response_body()).status_code == 201
    change(session, campaign_row(session, "snart"), settings={"invitation_only": True})
    r = client.post("/api/v1/campaigns/snart/responses", json=response_body())
    assert r.status_code == 403 and r.json()["error"] == "invitation_required"
    change(session, campaign_row(session, "snart"), status="closed")
    assert client.post("/api/v1/campaigns/snart/responses", json=response_body(mode="walk"),
                       headers=bearer(token)).status_code == 409
    assert stored(session) == 1
