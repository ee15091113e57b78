"""Public results move on by themselves: the housekeeping job cuts due releases, in batches of k."""

from sqlmodel import select

from app.models.disclosure import ResultRelease
from app.results import disclosure
from tests.results_helpers import add, campaign


def _releases(session, c) -> list[int]:
    session.rollback()
    return [r.responses for r in session.exec(select(ResultRelease).where(ResultRelease.campaign_id == c.id)
                                              .order_by(ResultRelease.seq))]


def test_the_job_cuts_due_releases_only_for_published_results(session):
    public, user = campaign(session, "offentlig", results_public=True)
    private, _ = campaign(session, "lukket", results_public=False)
    for _ in range(3):  # fewer than k = 5: nothing may move yet
        add(session, public, user)
        add(session, private, user)
    session.commit()
    assert disclosure.cut_due() == 0 and _releases(session, public) == []
    for _ in range(3):
        add(session, public, user)
        add(session, private, user)
    session.commit()
    assert disclosure.cut_due() == 1
    assert _releases(session, public) == [6] and _releases(session, private) == []
    assert disclosure.cut_due() == 0  # nothing new: no second release
