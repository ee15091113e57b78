"""Demo data in bulk: a large load commits chunk by chunk, and its tallies stay right."""

from sqlalchemy import event
from sqlmodel import Session

from app.admin.demo import load_responses
from app.db import get_engine
from app.models import Campaign
from app.results.service import tally_counts
from tests.results_helpers import campaign
from tests.test_results_property import _check, _raw


def test_a_large_load_is_one_unit_of_work_per_chunk(session):
    c, _ = campaign(session, "bulkload")
    commits: list[int] = []

    def hook(_conn) -> None:  # type: ignore[no-untyped-def]
        commits.append(1)

    event.listen(get_engine(), "commit", hook)
    try:
        assert load_responses(c.id, 450, seed=5, chunk=200) == 450
    finally:
        event.remove(get_engine(), "commit", hook)
    assert len(commits) == 3  # 200 + 200 + 50: no giant transaction
    with Session(get_engine()) as fresh:
        assert len(_raw(fresh, c.id)) == 450 * 14
        assert tally_counts(fresh, c.id).get(None, {})["*"][0] == 450
        _check(fresh, fresh.get(Campaign, c.id))
