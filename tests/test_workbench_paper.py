"""Paper entry: a blank score means one thing (not answered), '?' means don't know as on the
printed form, and a comment under a blank score is refused rather than stored as a don't-know."""

from sqlmodel import select

from app.models import Answer, Response
from tests.staff_support import post_form
from tests.test_field_paper import ENTRY, staff, typed  # noqa: F401  (the fixture)


def test_question_mark_is_dont_know_and_blank_is_not_answered(staff, session):  # noqa: F811
    r = post_form(staff, ENTRY, typed(**{"score-moving_around": "?", "score-play_recreation": ""}), ENTRY)
    assert r.status_code == 303, r.text
    session.rollback()
    answers = {a.theme: a.score for a in session.exec(select(Answer))}
    assert answers["moving_around"] is None  # don't know: a row without a score
    assert "play_recreation" not in answers and "feeling_safe" not in answers  # blank: not answered


def test_a_comment_under_a_blank_score_is_refused_and_kept_in_the_form(staff, session):  # noqa: F811
    form = typed(**{"score-public_transport": "", "better-public_transport": "Bussen går for sjelden"})
    r = post_form(staff, ENTRY, form, ENTRY)
    assert r.status_code == 400 and "type its score, or ? or 0 for don" in r.text
    assert "Bussen går for sjelden" in r.text
    session.rollback()
    assert session.exec(select(Response)).all() == []
