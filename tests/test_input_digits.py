"""Numbers typed into forms are ASCII digits only: "²", "٣" (Arabic-Indic) and "３" (full width)
pass `str.isdigit()`, and `int()` either refuses them (a 500) or reads a number the person did not
see. Each form answers with its field's message instead, and stores nothing."""

import pytest
from sqlmodel import select

from app.auth.service import get_or_create_organisation
from app.ideas.boards import validate_new
from app.models import FieldNote, PopulationCount, Response, User
from app.workshops.service import WorkshopForm, validate
from tests.results_helpers import campaign, csrf_of, login
from tests.test_field_sessions import facilitator, field_session, scores  # noqa: F401  (fixture)

TRICKY = ["²", "٣", "３", "1²", "٣٠", "⁵"]


@pytest.mark.parametrize("value", TRICKY)
def test_field_scores_and_stops(facilitator, session, value):  # noqa: F811
    fs = field_session(session)
    url = f"/staff/field/{fs.id}"
    from tests.staff_support import post_form

    r = post_form(facilitator, f"{url}/responses", {**scores("5"), "score-feeling_safe": value,
                                                    "consensus": "0"}, url)
    assert r.status_code == 400 and 'id="score-feeling_safe-error"' in r.text
    note = post_form(facilitator, f"{url}/notes", {"stop": value, "note": "Mørkt"}, url)
    assert note.status_code == 400 and 'id="stop-error"' in note.text
    session.rollback()
    assert session.exec(select(Response)).all() == [] and session.exec(select(FieldNote)).all() == []


@pytest.mark.parametrize("value", [*TRICKY, "99999999999999999999"])
def test_population_counts(client, session, value):
    _, u = campaign(session)
    login(client, u)
    form = client.get("/staff/results/res/population")
    body = f"area,age_band,gender,count\nsentrum,16-19,total,{value}\n".encode()
    r = client.post("/staff/results/res/population", data={"csrf": csrf_of(form.text)},
                    files={"file": ("p.csv", body)}, follow_redirects=False)
    assert r.status_code == 400 and "er ikke et heltall" in r.text
    session.rollback()
    assert session.exec(select(PopulationCount)).all() == []


@pytest.mark.parametrize("value", [*TRICKY, "99999999999999999999"])
def test_board_campaign_and_workshop_points(session, value):
    made, user = campaign(session)
    user = session.get(User, user.id)
    data = {"slug": "bylab", "title": "Bylab", "intro": "", "campaign": value, "area": "",
            "moderation": "pre"}
    assert validate_new(session, user, data, lambda s: s)["campaign"] == "Choose a campaign."
    assert validate_new(session, user, {**data, "campaign": str(made.id)}, lambda s: s) == {}
    errors, _args = validate(session, user, WorkshopForm(title="Verksted", points=value,
                                                         campaigns=[str(made.id)]))
    assert "points" in errors
    get_or_create_organisation(session, "testby", "Testby")  # the session is still usable
