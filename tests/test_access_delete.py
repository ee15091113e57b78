"""Deleting a response or a campaign leaves no trace in any table; retention thins old responses;
`medvirk purge` applies it. Every table is scanned for the deleted ids after each deletion."""

import json
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text, update
from sqlmodel import SQLModel, select
from typer.testing import CliRunner

from app.admin.lifecycle import months_before
from app.cli import cli
from app.models import (
    Answer,
    Area,
    Board,
    Campaign,
    CommentReview,
    Draft,
    FieldNote,
    FieldSession,
    Idea,
    ProfileAnswer,
    ProfileTally,
    Response,
    ResultTally,
    User,
    Workshop,
)
from app.results import tallies
from app.results.masking import mask
from tests.conftest import make_staff
from tests.helpers import campaign_body, response_body
from tests.staff_support import logged_in, post_form

DELETE = "/staff/campaigns/gammel/delete"
CALL_ME = ", ring 912 34 567"  # masked wherever the comment is shown or quoted
EDIT = "/staff/campaigns/gammel/edit"


def everything(session) -> dict[str, list[dict]]:
    """Every row of every table, as plain values."""
    session.rollback()
    out = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.connection().execute(table.select()).mappings().all()
        out[table.name] = sorted((dict(r) for r in rows), key=repr)  # a table's order means nothing
    return out


def traces(session, needles: list[str], ids: dict[str, set[int]]) -> list[str]:
    """Where any needle (text) or id (in a column pointing at that table) still appears."""
    found = []
    for name, rows in everything(session).items():
        table = SQLModel.metadata.tables[name]
        pointers = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        for row in rows:
            blob = json.dumps(row, default=str)
            found += [f"{name}: text {n!r}" for n in needles if n in blob]
            for column, target in pointers.items():
                if row[column] in ids.get(target, set()):
                    found.append(f"{name}.{column} -> {target} {row[column]}")
            if name in ids and row.get("id") in ids[name]:
                found.append(f"{name} row {row['id']}")
    return found


def recount_matches(session) -> None:
    """The running tallies equal a count made afresh from the rows left (no empty rows either)."""
    session.rollback()
    conn = session.connection()
    responses = [dict(r) for r in conn.execute(Response.__table__.select()).mappings()]
    answers = [dict(r) for r in conn.execute(Answer.__table__.select()).mappings()]
    profile = [dict(r) for r in conn.execute(ProfileAnswer.__table__.select()).mappings()]
    main, prof = tallies.count_batch(responses, answers, profile, tallies.shard_count(conn.dialect.name))
    stored_main = Counter({tuple(r[k] for k in tallies.MAIN_KEY): r["count"]
                           for r in conn.execute(ResultTally.__table__.select()).mappings()})
    stored_prof = Counter({tuple(r[k] for k in tallies.PROFILE_KEY): r["count"]
                           for r in conn.execute(ProfileTally.__table__.select()).mappings()})
    assert stored_main == main and stored_prof == prof
    assert all(n > 0 for n in [*stored_main.values(), *stored_prof.values()])


def setup_two_campaigns(client, session):
    """Two campaigns of one municipality, with responses, comments, reviews, a field session and
    note, a resident's draft, invitation codes, an idea board and a workshop quoting a comment."""
    _, token = make_staff(session, "admin")
    auth = {"Authorization": f"Bearer {token}"}
    for slug in ("gammel", "ny"):
        made = client.post("/api/v1/campaigns", json=campaign_body(slug=slug), headers=auth)
        assert made.status_code == 201
    ids = {}
    for slug in ("gammel", "ny"):
        ids[slug] = []
        for n in range(3):
            body = response_body(area="nord" if n else "sentrum")
            call_me = CALL_ME if n == 0 else ""
            body["answers"]["moving_around"]["better"] = f"Unik kommentar {slug} {n}{call_me}"
            body["profile"] = {"age_band": "80+"} if n == 0 else {"age_band": "25-34"}
            assert client.post(f"/api/v1/campaigns/{slug}/responses", json=body).status_code == 201
            ids[slug].append(body["id"])
    session.rollback()
    old = session.exec(select(Campaign).where(Campaign.slug == "gammel")).one()
    new = session.exec(select(Campaign).where(Campaign.slug == "ny")).one()
    new.previous_campaign_id = old.id
    admin = session.exec(select(User)).first()
    area = session.exec(select(Area).where(Area.campaign_id == old.id)).first()
    fs = FieldSession(campaign_id=old.id, area_id=area.id, kind="walk", title="Tur", held_on=date.today(),
                      group_label="Eldrerådet", stops=["Torget"], created_by=admin.id)
    session.add_all([new, fs])
    session.flush()
    session.add(FieldNote(id=str(uuid.uuid4()), session_id=fs.id, text="Notat gammel"))
    session.add(CommentReview(campaign_id=old.id, response_id=ids["gammel"][0], theme="moving_around",
                              kind="better", status="approved", reviewed_by=admin.id))
    session.add(Draft(token_hash=uuid.uuid4().hex, response_id=ids["gammel"][0], campaign_id=old.id,
                      answers={"moving_around": {"better": "Unik kommentar gammel 0"}},
                      updated_at=datetime.now(UTC), submitted_at=datetime.now(UTC)))
    board = Board(slug="gammel-tavle", campaign_id=old.id, area_id=area.id,
                  organisation_id=old.organisation_id, title="Tavle")
    session.add(board)
    session.flush()
    idea_id = str(uuid.uuid4())
    session.add(Idea(id=idea_id, board_id=board.id, title="Benk", description="Flere benker",
                     proposer_type="resident", locale="nb", participant="p1"))
    session.add(Workshop(organisation_id=old.organisation_id, title="Verksted", code="ABCDEFGHJK",
                         campaign_ids=[old.id, new.id], areas=[f"{old.id}:sentrum", f"{new.id}:sentrum"],
                         board_ids=[board.id], idea_ids=[idea_id],
                         # Quotes hold the masked text, as staff picked it from the approved comments.
                         quotes=[_quote("k1", old.id, mask(f"Unik kommentar gammel 0{CALL_ME}")),
                                 _quote("k2", new.id, mask(f"Unik kommentar ny 0{CALL_ME}"))]))
    session.commit()
    from app.campaigns.invitations import make_codes

    make_codes(session, old, 3)
    session.commit()
    return ids, old.id, new.id, board.id, idea_id


def _quote(key: str, campaign_id: int, said: str) -> dict:
    return {"key": key, "campaign_id": campaign_id, "area": "sentrum", "theme": "moving_around",
            "kind": "better", "text": said}


def test_deleting_a_response_leaves_no_trace(client, session):
    ids, _, _, _, _ = setup_two_campaigns(client, session)
    admin, _ = logged_in(session, "facilitator")
    victim = ids["gammel"][0]
    url = "/staff/campaigns/gammel/responses/delete"
    page = admin.get(f"{url}?id={victim}")
    assert page.status_code == 200 and victim in page.text and page.headers["cache-control"] == "no-store"
    for wrong in ("", "slett", victim[:7], victim[1:9]):
        r = post_form(admin, url, {"id": victim, "confirm": wrong}, url)
        assert r.status_code == 400
    assert not traces(session, [], {}) and len(everything(session)["response"]) == 6  # nothing deleted
    assert admin.get(f"{url}?id={ids['ny'][0]}").status_code == 400  # another campaign's response
    assert post_form(admin, url, {"id": ids["ny"][0], "confirm": ids["ny"][0][:8]}, url).status_code == 400
    r = post_form(admin, url, {"id": victim, "confirm": victim[:8].upper()}, url)
    assert r.status_code == 303 and r.headers["location"] == "/staff/campaigns/gammel?done=response_deleted"
    assert traces(session, [victim, "Unik kommentar gammel 0"], {}) == []
    rows = everything(session)
    assert len(rows["response"]) == 5 and len(rows["field_note"]) == 1 and len(rows["workshop"]) == 1
    workshop = rows["workshop"][0]
    assert [q["key"] for q in workshop["quotes"]] == ["k2"]  # only the deleted comment's quote went
    recount_matches(session)  # the 80+ group of one is gone from the tallies, not left at zero


def test_deleting_a_campaign_leaves_no_trace_and_spares_the_other(client, session):
    ids, old_id, new_id, board_id, idea_id = setup_two_campaigns(client, session)
    before = everything(session)
    area_ids = {a["id"] for a in before["area"] if a["campaign_id"] == old_id}
    facilitator, _ = logged_in(session, "facilitator")
    assert facilitator.get("/staff/campaigns/gammel/delete").status_code == 403
    stranger, _ = logged_in(session, "admin", org="annenby")
    assert stranger.get("/staff/campaigns/gammel/delete").status_code == 404
    admin, _ = logged_in(session, "admin")
    page = admin.get("/staff/campaigns/gammel/delete")
    assert page.status_code == 200 and "/staff/results/gammel/export.csv" in page.text
    assert "/staff/campaigns/gammel/delete" in admin.get("/staff/campaigns/gammel").text
    export = admin.get("/staff/results/gammel/export.csv")
    assert export.status_code == 200 and export.headers["cache-control"] == "no-store"
    for wrong in ("", "Gammel", "ny", "gammel x"):
        r = post_form(admin, DELETE, {"confirm": wrong}, DELETE)
        assert r.status_code == 400
    assert len(everything(session)["campaign"]) == 2
    r = post_form(admin, DELETE, {"confirm": "gammel"}, DELETE)
    assert r.status_code == 303 and r.headers["location"] == "/staff/campaigns?done=deleted"
    found = traces(session, [*ids["gammel"], "Unik kommentar gammel", "gammel-tavle", idea_id, "Notat gammel",
                             f'"{old_id}:'], {"campaign": {old_id}, "area": area_ids, "board": {board_id}})
    assert found == []
    after = everything(session)
    assert [c["id"] for c in after["campaign"]] == [new_id]
    assert after["campaign"][0]["previous_campaign_id"] is None
    assert sorted(r["id"] for r in after["response"]) == sorted(ids["ny"])
    workshop = after["workshop"][0]
    assert workshop["campaign_ids"] == [new_id] and workshop["board_ids"] == [] and workshop["idea_ids"] == []
    assert [q["key"] for q in workshop["quotes"]] == ["k2"]
    recount_matches(session)
    assert admin.get("/staff/campaigns/gammel").status_code == 404
    assert client.get("/api/v1/campaigns/ny").status_code == 200


def test_retention_thins_old_responses_through_medvirk_purge(client, session):
    ids, _, _, _, _ = setup_two_campaigns(client, session)
    admin, _ = logged_in(session, "admin")
    bad = post_form(admin, EDIT, _edit_form(retention="0,5"), EDIT)
    assert bad.status_code == 400
    ok = post_form(admin, EDIT, _edit_form(retention="6"), EDIT)
    assert ok.status_code == 303
    long_ago = datetime.now(UTC) - timedelta(days=200)
    session.rollback()
    session.execute(update(Response).where(Response.id.in_(ids["gammel"][:2]) | Response.id.in_(ids["ny"]))
                    .values(submitted_at=long_ago))
    session.execute(update(FieldNote).values(created_at=long_ago))
    session.commit()
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "2 responses" in result.output
    rows = everything(session)
    thinned = set(ids["gammel"][:2])
    for a in rows["answer"]:
        if a["response_id"] in thinned:
            assert a["good"] is None and a["better"] is None and a["score"] == 5  # scores stay
        else:
            assert a["good"] == "Fint her"
    assert not [p for p in rows["profile_answer"] if p["response_id"] in thinned]
    assert len([p for p in rows["profile_answer"] if p["response_id"] not in thinned]) == 4
    assert rows["comment_review"] == [] and rows["response_draft"] == [] and rows["field_note"] == []
    assert [q["key"] for q in rows["workshop"][0]["quotes"]] == ["k2"]  # "ny" keeps everything: no retention
    assert traces(session, ["Unik kommentar gammel 0", "Unik kommentar gammel 1"], {}) == []
    recount_matches(session)
    again = CliRunner().invoke(cli, ["purge"])  # nothing left to thin: changes nothing
    assert again.exit_code == 0 and everything(session) == rows


def _edit_form(retention: str) -> list:
    return [("title", "Gammel"), ("status", "open"), ("locales", "nb"), ("retention_months", retention)]


def test_months_before_counts_calendar_months():
    moment = datetime(2027, 3, 31, 12, tzinfo=UTC)
    assert months_before(moment, 1) == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert months_before(moment, 13) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert months_before(datetime(2028, 3, 31, tzinfo=UTC), 1) == datetime(2028, 2, 29, tzinfo=UTC)
    assert months_before(moment, 3) == datetime(2026, 12, 31, 12, tzinfo=UTC)


def test_scan_finds_what_is_there(client, session):
    """The scan itself can fail: before any deletion it sees the ids."""
    ids, old_id, _, board_id, _ = setup_two_campaigns(client, session)
    assert traces(session, [ids["gammel"][0]], {})
    assert traces(session, [], {"campaign": {old_id}, "board": {board_id}})
    assert session.execute(text("SELECT 1")).scalar() == 1
