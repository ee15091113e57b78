"""The virkemiddeloversikt: the example list loaded per organisation, searched by words, dimension and
theme; admins add, edit and remove schemes, which then stand beside the worksheet's themes."""

from sqlmodel import select

from app.models.sustainability import FundingScheme
from tests.staff_support import logged_in, post_form
from tests.sustainability_support import open_worksheet

NEW = {
    "name": "Tilskudd til bygdeboliger",
    "provider": "Husbanken",
    "description": "Boliger i distriktene",
    "place": "sosial:bolig",
    "url": "https://www.husbanken.no/",
    "deadline": "1. mars 2027",
}


def test_the_example_list_is_loaded_once_per_organisation(session):
    admin, _ = logged_in(session, "admin")
    page = admin.get("/staff/sustainability/funding").text
    assert "No funding schemes yet." in page and "Load the example list" in page
    assert post_form(admin, "/staff/sustainability/funding/starter", {}).status_code == 303
    assert post_form(admin, "/staff/sustainability/funding/starter", {}).status_code == 303  # not twice
    rows = session.exec(select(FundingScheme)).all()
    assert len(rows) == 9 and all(r.is_example and r.url.startswith("https://") and r.deadline for r in rows)
    page = admin.get("/staff/sustainability/funding").text
    assert "Klimasats" in page and "(example)" in page and "Load the example list" not in page
    other, _ = logged_in(session, "admin", org="annenby")
    assert "Klimasats" not in other.get("/staff/sustainability/funding").text


def test_search_by_words_dimension_and_theme(session):
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/sustainability/funding/starter", {})
    by_word = admin.get("/staff/sustainability/funding?q=flom").text
    assert "Tilskudd til klimatilpasning" in by_word and "Klimasats" not in by_word
    by_theme = admin.get("/staff/sustainability/funding?place=sosial:bolig").text
    assert "Boligvirkemidler for kommuner" in by_theme and "Gjestebud" not in by_theme
    by_dimension = admin.get("/staff/sustainability/funding?place=okonomisk").text
    assert "Enkel planlegging" in by_dimension and "Innovasjon Norge" in by_dimension
    assert "Klimasats" not in by_dimension
    assert "Nothing matches the search." in admin.get("/staff/sustainability/funding?q=%25%25_").text
    assert admin.get("/staff/sustainability/funding?place=nowhere&q=" + "x" * 5000).status_code == 200


def test_an_admin_adds_a_scheme_that_shows_beside_its_theme(session):
    admin, _ = logged_in(session, "admin")
    assert post_form(admin, "/staff/sustainability/funding", NEW).status_code == 303
    ws = open_worksheet(admin)
    page = admin.get(f"/staff/sustainability/worksheets/{ws}").text
    housing = page.split("<legend>Housing</legend>")[1].split("</fieldset>")[0]
    assert "Tilskudd til bygdeboliger" in housing and "1. mars 2027" in housing
    nature = page.split("<legend>Nature and land use</legend>")[1].split("</fieldset>")[0]
    assert "Tilskudd til bygdeboliger" not in nature
    other, _ = logged_in(session, "admin", org="annenby")
    ws_other = open_worksheet(other)
    assert "Tilskudd til bygdeboliger" not in other.get(f"/staff/sustainability/worksheets/{ws_other}").text


def test_bad_scheme_forms_change_nothing_and_keep_values(session):
    admin, _ = logged_in(session, "admin")
    for change, message in (
        ({"name": ""}, "Please fill this in."),
        ({"url": "javascript:alert(1)"}, "A link starts"),
        ({"url": "www.husbanken.no"}, "A link starts"),
        ({"place": "sosial:natur"}, "Choose"),
        ({"deadline": ""}, "Please fill this in."),
        ({"description": "x" * 2001}, "too long"),
        ({"name": "x" * 201}, "too long"),
    ):
        r = post_form(admin, "/staff/sustainability/funding", {**NEW, **change})
        assert r.status_code == 400 and message in r.text, change
        assert "Husbanken" in r.text  # typed values kept
    assert session.exec(select(FundingScheme)).all() == []
    post_form(admin, "/staff/sustainability/funding", NEW)
    session.rollback()
    row = session.exec(select(FundingScheme)).one()
    r = post_form(admin, f"/staff/sustainability/funding/{row.id}", {**NEW, "url": "ftp://x"})
    assert r.status_code == 400
    session.rollback()
    assert session.get(FundingScheme, row.id).url == NEW["url"]  # type: ignore[union-attr]


def test_edit_remove_and_organisation_boundaries(session):
    admin, _ = logged_in(session, "admin")
    post_form(admin, "/staff/sustainability/funding", NEW)
    session.rollback()
    row = session.exec(select(FundingScheme)).one()
    other, _ = logged_in(session, "admin", org="annenby")
    assert other.get(f"/staff/sustainability/funding/{row.id}").status_code == 404
    assert (
        post_form(other, f"/staff/sustainability/funding/{row.id}", {**NEW, "name": "Kapret"}).status_code
        == 404
    )
    assert post_form(other, f"/staff/sustainability/funding/{row.id}/delete", {}).status_code == 404
    facilitator, _ = logged_in(session, "facilitator")
    assert facilitator.get(f"/staff/sustainability/funding/{row.id}").status_code == 403
    assert post_form(facilitator, "/staff/sustainability/funding", NEW).status_code == 403
    assert "Add a funding scheme or tool" not in facilitator.get("/staff/sustainability/funding").text
    assert (
        post_form(admin, f"/staff/sustainability/funding/{row.id}", {**NEW, "name": "Nytt navn"}).status_code
        == 303
    )
    session.rollback()
    assert session.get(FundingScheme, row.id).name == "Nytt navn"  # type: ignore[union-attr]
    assert post_form(admin, f"/staff/sustainability/funding/{row.id}/delete", {}).status_code == 303
    session.rollback()
    assert session.exec(select(FundingScheme)).all() == []
