"""Edits that keep the original, for every text the queue moderates: a survey comment, a comment on
an idea and an idea are corrected by staff, the public pages and workshop quotes show the new
words, the old ones are kept beside them (who, when, before, after) and shown to staff only; a
hidden survey comment keeps the reason it was hidden with. Deleting a response or the retention rule
takes the kept words too."""

import re
import uuid
from datetime import timedelta

from sqlmodel import select

from app.admin import archive
from app.admin.lifecycle import apply_retention, delete_responses
from app.db import unit_of_work
from app.models import (
    Answer,
    AnswerEdit,
    AuditEvent,
    Board,
    Campaign,
    IdeaComment,
    IdeaCommentEdit,
    IdeaEdit,
    Response,
    User,
    Workshop,
)
from app.models.common import utcnow
from app.models.results import CommentReview
from app.results.service import approved_comments
from app.workshops.content import quote_key
from tests.staff_support import logged_in, post_form
from tests.test_moderation_surveys import THEME, survey_comments
from tests.workbench_support import busy_board

PICKS = re.compile(r'name="item" value="([^"]+)"')
EDIT = "/staff/moderation/edit"


def _first_survey_pick(client, slug: str) -> str:
    picks = PICKS.findall(client.get(f"/staff/moderation?kind=survey&state=all&campaign={slug}").text)
    return next(p for p in picks if p.startswith("survey:"))


def test_a_survey_comment_is_corrected_and_its_original_kept(session):
    client, name = logged_in(session, role="facilitator")
    slug = survey_comments(name, 3)
    pick = _first_survey_pick(client, slug)
    rid = pick.split(":")[1]
    before = session.get(Answer, (rid, THEME)).better
    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).one()
    with unit_of_work() as s:  # a workshop quoted the comment before it was corrected
        s.add(Workshop(organisation_id=campaign.organisation_id, title="Verksted", code="QT1",
                       campaign_ids=[campaign.id],
                       quotes=[{"key": "k", "campaign_id": campaign.id, "area": "sentrum", "theme": THEME,
                                "kind": "better", "text": before}]))
    assert post_form(client, "/staff/moderation", [("item", pick), ("action", "approve")]).status_code == 303

    form = client.get(EDIT, params={"item": pick, "back": f"/staff/moderation?campaign={slug}"})
    assert form.status_code == 200 and "Never edited." in form.text
    empty = post_form(client, EDIT, {"item": pick, "text": "   "})
    assert empty.status_code == 400 and "hide it instead" in empty.text
    long = "x" * 4001
    too_long = post_form(client, EDIT, {"item": pick, "text": long})
    assert too_long.status_code == 400 and long in too_long.text  # what was typed is kept
    unchanged = post_form(client, EDIT, {"item": pick, "text": before})
    assert unchanged.status_code == 303
    saved = post_form(client, EDIT, {"item": pick, "text": "Bussen går for sjelden",
                                     "back": f"/staff/moderation?campaign={slug}"})
    assert saved.status_code == 303 and "done=saved" in saved.headers["location"]
    assert "back=%2Fstaff%2Fmoderation%3Fcampaign%3D" in saved.headers["location"]
    session.rollback()
    assert session.get(Answer, (rid, THEME)).better == "Bussen går for sjelden"
    [kept] = session.exec(select(AnswerEdit)).all()
    assert (kept.response_id, kept.theme, kept.kind, kept.before, kept.after) == (
        rid, THEME, "better", before, "Bussen går for sjelden")
    assert kept.edited_by is not None and kept.created_at is not None

    # What residents and reports read is the corrected text; the workshop's quote too.
    assert "Bussen går for sjelden" in approved_comments(session, campaign, THEME, "better", limit=10)
    assert before not in approved_comments(session, campaign, THEME, "better", limit=10)
    [quote] = session.exec(select(Workshop)).one().quotes
    assert quote["text"] == "Bussen går for sjelden"
    assert quote["key"] == quote_key(campaign.id, "sentrum", THEME, "better", "Bussen går for sjelden")

    # Staff see who edited it, when, and the original, in the queue and on the edit page.
    queue = client.get(f"/staff/moderation?kind=survey&state=all&campaign={slug}").text
    assert f"Edited by {name} on" in queue and f"original: {before}" in queue
    page = client.get(EDIT, params={"item": pick}).text
    assert f"Edited by {name} on" in page and before in page and "Bussen går for sjelden" in page
    log = [(e.action, e.target) for e in session.exec(select(AuditEvent)).all()]
    assert ("survey.edit", f"{campaign.title} ({slug})") in log
    assert all(before not in t and "Bussen" not in t for _, t in log)


def test_a_masked_survey_comment_is_edited_from_its_masked_words(session):
    client, name = logged_in(session, role="admin")
    slug = survey_comments(name, 1)
    pick = _first_survey_pick(client, slug)
    form = client.get(EDIT, params={"item": pick}).text
    assert "99 88 77 66" not in form and "[phone hidden]" in form
    same = post_form(client, EDIT, {"item": pick, "text": "Svar 0: ring meg på [phone hidden]"})
    assert same.status_code == 303  # saved unchanged: nothing is recorded
    session.rollback()
    assert session.exec(select(AnswerEdit)).all() == []
    post_form(client, EDIT, {"item": pick, "text": "Svar 0: ring meg"})
    page = client.get(EDIT, params={"item": pick}).text
    queue = client.get(f"/staff/moderation?kind=survey&state=all&campaign={slug}").text
    # The original is kept whole in the database, and shown to staff masked like every comment.
    assert "99 88 77 66" not in page + queue and "[phone hidden]" in page and "[phone hidden]" in queue
    session.rollback()
    assert session.exec(select(AnswerEdit.before)).one() == "Svar 0: ring meg på 99 88 77 66"


def test_a_comment_on_an_idea_is_corrected_and_its_original_kept(session):
    client, name = logged_in(session, role="facilitator")
    board, ideas = busy_board(name, 2, moderation="post")
    comment = session.exec(select(IdeaComment).where(IdeaComment.body == "Kommentar 0")).one()
    pick = f"comment:{comment.id}"
    assert pick in PICKS.findall(client.get("/staff/moderation?kind=comment&state=all").text)
    saved = post_form(client, EDIT, {"item": pick, "text": "Kommentar uten navn"})
    assert saved.status_code == 303
    session.rollback()
    assert session.get(IdeaComment, comment.id).body == "Kommentar uten navn"
    [kept] = session.exec(select(IdeaCommentEdit)).all()
    assert (kept.comment_id, kept.before, kept.after) == (comment.id, "Kommentar 0", "Kommentar uten navn")
    public = client.get(f"/b/{board}/i/{ideas[0]}").text
    assert "Kommentar uten navn" in public and "Kommentar 0" not in public  # residents see the new words
    queue = client.get("/staff/moderation?kind=comment&state=all").text
    assert f"Edited by {name} on" in queue and "original: Kommentar 0" in queue
    assert ("comment.edit", f"Torget ({board})") in [
        (e.action, e.target) for e in session.exec(select(AuditEvent)).all()]
    # Deleting the board deletes the kept words with the comment.
    with unit_of_work() as s:
        user = s.exec(select(User).where(User.username == name)).one()
        archive.delete(s, user, s.exec(select(Board).where(Board.slug == board)).one())
    session.rollback()
    assert session.exec(select(IdeaCommentEdit)).all() == [] and session.exec(select(IdeaComment)).all() == []


def test_an_idea_edit_keeps_both_texts_and_shows_in_the_queue(session):
    client, name = logged_in(session, role="facilitator")
    _, ideas = busy_board(name, 0, moderation="post")
    url = f"/staff/ideas/{ideas[1]}/edit"
    assert post_form(client, url, {"title": "Idé 1", "description": "Ny tekst"}).status_code == 303
    session.rollback()
    kept = session.exec(select(IdeaEdit)).one()
    assert (kept.field, kept.before, kept.after) == ("description", "Beskrivelse 1", "Ny tekst")
    assert f"Edited by {name} on" in client.get(url).text
    queue = client.get("/staff/moderation?kind=idea&state=all").text
    assert "original: Beskrivelse 1" in queue
    # An idea is edited on its own page: the shared edit page sends it there.
    moved = client.get(EDIT, params={"item": f"idea:{ideas[1]}"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == url


def test_others_cannot_edit_and_odd_keys_are_not_found(session):
    client, owner = logged_in(session, role="admin")
    slug = survey_comments(owner, 1)
    pick = _first_survey_pick(client, slug)
    _, ideas = busy_board(owner, 1, moderation="post")
    comment = session.exec(select(IdeaComment)).first()
    stranger, _ = logged_in(session, role="admin", org="annenby")
    for item in (pick, f"comment:{comment.id}"):
        assert stranger.get(EDIT, params={"item": item}).status_code == 404
        assert post_form(stranger, EDIT, {"item": item, "text": "x"}).status_code == 404
    rid = pick.split(":")[1]
    for item in ("", "survey:", f"survey:{rid}", f"survey:{rid}:{THEME}:good", f"survey:{rid}:x:better",
                 "comment:nope", "nothing:1", "survey:" + "x" * 500):
        assert client.get(EDIT, params={"item": item}).status_code == 404, item
    analyst, _ = logged_in(session, role="analyst")
    assert analyst.get(EDIT, params={"item": pick}).status_code == 403
    assert client.get(EDIT, params={"item": pick, "back": "https://evil.example/"}).text.count(
        'href="/staff/moderation"') >= 1
    session.rollback()
    assert session.exec(select(AnswerEdit)).all() == [] and session.exec(select(IdeaCommentEdit)).all() == []


def test_a_hidden_survey_comment_keeps_its_reason_until_approved(session):
    client, name = logged_in(session, role="admin")
    slug = survey_comments(name, 2)
    picks = PICKS.findall(client.get(f"/staff/moderation?kind=survey&campaign={slug}").text)
    hidden = post_form(client, "/staff/moderation", [("item", p) for p in picks] + [
        ("action", "hide"), ("reason", "Nevner en nabo ved navn")])
    assert hidden.status_code == 303 and "done=2" in hidden.headers["location"]
    session.rollback()
    reasons = [r.hidden_reason for r in session.exec(select(CommentReview)).all()]
    assert reasons == ["Nevner en nabo ved navn"] * 2
    queue = client.get(f"/staff/moderation?kind=survey&state=hidden&campaign={slug}").text
    assert queue.count("Hidden: Nevner en nabo ved navn") == 2
    assert "Nevner en nabo ved navn" in client.get("/staff/admin/audit").text
    post_form(client, "/staff/moderation", [("item", picks[0]), ("action", "approve")])
    session.rollback()
    reasons = {r.status: r.hidden_reason for r in session.exec(select(CommentReview)).all()}
    assert reasons == {"approved": "", "hidden": "Nevner en nabo ved navn"}


def test_deleting_a_response_or_thinning_it_takes_the_kept_words(session):
    client, name = logged_in(session, role="admin")
    slug = survey_comments(name, 2)
    picks = PICKS.findall(client.get(f"/staff/moderation?kind=survey&state=all&campaign={slug}").text)
    for pick in picks:
        done = post_form(client, EDIT, {"item": pick, "text": f"Rettet {uuid.uuid4().hex}"})
        assert done.status_code == 303
    session.rollback()
    assert len(session.exec(select(AnswerEdit)).all()) == 2
    first, second = (p.split(":")[1] for p in picks)
    with unit_of_work() as s:
        assert delete_responses(s, [first]) == 1
    session.rollback()
    assert [e.response_id for e in session.exec(select(AnswerEdit)).all()] == [second]
    with unit_of_work() as s:
        campaign = s.exec(select(Campaign).where(Campaign.slug == slug)).one()
        campaign.settings = {**(campaign.settings or {}), "retention_months": 1}
        s.add(campaign)
        response = s.get(Response, second)
        response.submitted_at = utcnow() - timedelta(days=90)
        s.add(response)
    with unit_of_work() as s:
        assert apply_retention(s) == 1
    session.rollback()
    assert session.exec(select(AnswerEdit)).all() == []
    assert session.get(Answer, (second, THEME)).better is None
