"""The staff pages speak the staff member's own language: the one they logged in with, or the one
they chose; a ?lang on a resident page or a report preview shows that page in it and changes
nothing on the staff side."""

from sqlmodel import select

from app.models import User
from tests.staff_support import logged_in, post_form
from tests.workbench_support import make_campaign


def test_a_resident_page_in_another_language_leaves_the_staff_pages_alone(session):
    client, name = logged_in(session, role="admin")  # logs in with the lang cookie "en"
    assert session.exec(select(User.locale).where(User.username == name)).one() == "en"
    make_campaign(name, slug="sentrum-2027")
    resident = client.get("/k/sentrum-2027?lang=nb")
    assert resident.status_code == 200 and 'lang="nb"' in resident.text
    assert resident.cookies.get("lang") == "nb"  # the resident side remembers its choice
    home = client.get("/staff")
    assert 'lang="en"' in home.text and "Welcome" in home.text
    preview = client.get("/staff/campaigns/sentrum-2027/paper/print?lang=nb")
    assert 'lang="nb"' in preview.text  # the preview itself is in the language asked for
    assert 'lang="en"' in client.get("/staff/campaigns").text


def test_staff_choose_their_own_language(session):
    client, name = logged_in(session, role="analyst")
    assert post_form(client, "/staff/language", {"lang": "nn"}).status_code == 303
    assert 'lang="nn"' in client.get("/staff").text
    assert post_form(client, "/staff/language", {"lang": "xx"}).status_code == 303  # ignored
    session.rollback()
    assert session.exec(select(User.locale).where(User.username == name)).one() == "nn"
    page = client.get("/staff/language")
    assert '<option value="nn" lang="nn" selected>' in page.text
