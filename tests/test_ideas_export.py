"""Exports and the JSON API hold every idea with supports, comments, statuses and actors."""

import csv
import io

from openpyxl import load_workbook

from app.ideas.export import safe_cell
from tests.ideas_support import (
    new_phone,
    new_uuid,
    open_board,
    phone_post,
    post_idea,
    post_staff,
    seed_results,
    staff_client,
)


def _filled_board(session):
    staff, _user, token = staff_client(session)
    campaign = seed_results(staff, session, token)
    open_board(staff, campaign)
    a, b = new_phone(), new_phone()
    first = (
        post_idea(
            a,
            "bylab",
            title='=HYPERLINK("http://evil")',
            proposer_type="business",
            proposer_name="Bakeriet",
            actors=["business", "together"],
        )
        .headers["location"]
        .split("?")[0]
    )
    second = post_idea(b, "bylab", lang="uk", title="Лавки біля річки").headers["location"].split("?")[0]
    first_id, second_id = first.rsplit("/", 1)[1], second.rsplit("/", 1)[1]
    phone_post(b, f"{first}/support", first)
    phone_post(a, f"{second}/support", second)
    phone_post(b, f"{first}/comments", first, {"id": new_uuid(), "body": "+1 fra meg", "author_name": "Ola"})
    session.rollback()
    from sqlmodel import select

    from app.models.ideas import IdeaComment

    top = session.exec(select(IdeaComment)).one().id
    session.rollback()
    phone_post(a, f"{first}/comments", first, {"id": new_uuid(), "body": "Takk!", "parent_id": top})
    post_staff(
        staff,
        f"/staff/boards/bylab/ideas/{first_id}/status",
        {
            "status": "planned",
            "answer": "Vi gjør det i mai.",
            "actor": "municipality",
            "actor_name": "Park og vei",
        },
        page="/staff/boards/bylab",
    )
    post_staff(
        staff,
        f"/staff/boards/bylab/ideas/{second_id}/moderate",
        {"action": "hide", "reason": "Dobbelt"},
        page="/staff/boards/bylab",
    )
    return staff, first_id, second_id


def test_csv_has_bom_neutralised_formulas_and_everything(session):
    staff, first_id, second_id = _filled_board(session)
    r = staff.get("/staff/boards/bylab/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode())
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))}
    first, second = rows[first_id], rows[second_id]
    assert first["title"] == '\'=HYPERLINK("http://evil")'
    assert (first["status"], first["responsible_actor"], first["responsible_name"]) == (
        "planned",
        "municipality",
        "Park og vei",
    )
    assert first["official_answer"] == "Vi gjør det i mai." and first["supports"] == "1"
    assert first["can_make_it_happen"] == "business, together" and first["proposer_type"] == "business"
    assert (
        first["comments"] == "2"
        and "+1 fra meg" in first["comment_texts"]
        and "Takk!" in first["comment_texts"]
    )
    assert "planned" in first["status_history"]
    assert (second["visibility"], second["hidden_reason"], second["locale"]) == ("hidden", "Dobbelt", "uk")
    assert second["title"] == "Лавки біля річки" and "hidden" in second["status_history"]


def test_xlsx_has_ideas_comments_and_history_sheets(session):
    staff, first_id, _second = _filled_board(session)
    r = staff.get("/staff/boards/bylab/export.xlsx")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["ideas", "comments", "history"]
    ideas = list(book["ideas"].values)
    header = ideas[0]
    row = next(dict(zip(header, values, strict=True)) for values in ideas[1:] if values[0] == first_id)
    assert (
        row["title"].startswith("'=") and row["supports"] == 1 and row["responsible_actor"] == "municipality"
    )
    comments = list(book["comments"].values)[1:]
    assert sorted(c[8] for c in comments) == ["'+1 fra meg", "Takk!"]  # neutralised, still readable
    assert any(c[2] for c in comments)  # the reply names its parent
    history = list(book["history"].values)[1:]
    assert {(h[2], h[3]) for h in history} == {("status", "planned"), ("hidden", None)}


def test_api_shows_public_ideas_with_supports_comments_status_and_hidden_reason(session):
    _staff, first_id, second_id = _filled_board(session)
    body = new_phone().get("/api/v1/boards/bylab").json()
    assert body["campaign"] == "sentrum-2027" and body["area"] == "sentrum"
    assert [c["theme"] for c in body["challenges"]][:2] == ["moving_around", "public_transport"]
    ideas = {i["id"]: i for i in body["ideas"]}
    first, second = ideas[first_id], ideas[second_id]
    assert (
        first["supports"] == 1 and first["status"] == "planned" and first["responsible_name"] == "Park og vei"
    )
    assert [c["body"] for c in first["comments"]] == ["+1 fra meg", "Takk!"]
    assert first["history"][0]["kind"] == "status" and first["actors"] == ["business", "together"]
    assert second["hidden"] is True and second["title"] is None and second["hidden_reason"] == "Dobbelt"
    assert second["supports"] == 1  # a hidden idea keeps its supports and history
    one = new_phone().get(f"/api/v1/boards/bylab/ideas/{first_id}")
    assert one.status_code == 200 and one.json()["id"] == first_id
    missing = new_phone().get("/api/v1/boards/bylab/ideas/nope")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert new_phone().get("/api/v1/boards/nope").json()["error"] == "not_found"


def test_exports_need_staff_of_the_same_organisation(session):
    _filled_board(session)
    assert new_phone().get("/staff/boards/bylab/export.csv", follow_redirects=False).status_code == 303
    other, _u, _t = staff_client(session, role="admin", org="annenby")
    assert other.get("/staff/boards/bylab/export.csv").status_code == 404
    assert other.get("/staff/boards/bylab").status_code == 404


def test_safe_cell_neutralises_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell("Benk") == "Benk" and safe_cell(3) == 3
