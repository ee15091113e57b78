"""The staff plan: worked out again whenever a response is stored, deleted or thinned (never a
stale figure), reused while nothing changed, and the same for every page of a request."""

from datetime import UTC, datetime, timedelta

from app.admin.lifecycle import apply_retention, delete_responses
from app.models import Campaign
from app.results.breakdowns import breakdown
from app.results.summary import summary
from tests.helpers import statements
from tests.results_helpers import add, campaign


def _n(session, c: Campaign, **kw) -> int | None:  # type: ignore[no-untyped-def]
    session.rollback()
    return summary(session, session.get(Campaign, c.id), **kw).n


def test_the_plan_follows_every_change_and_is_reused_while_nothing_changes(session):
    c, u = campaign(session)
    ids = [add(session, c, u, 4, profile={"age_band": "25-34"}) for _ in range(6)]
    ids += [add(session, c, u, 5, area="nord", profile={"age_band": "35-44"}) for _ in range(6)]
    assert _n(session, c) == 12
    with statements() as seen:
        assert _n(session, c, area="nord") == 6
    assert not any("profile_answer" in s for s in seen)  # the plan was reused: no atoms read
    ids.append(add(session, c, u, 6, area="nord", profile={"age_band": "35-44"}))
    assert _n(session, c) == 13 and _n(session, c, area="nord") == 7
    session.rollback()
    assert delete_responses(session, [ids[0]]) == 1
    session.commit()
    assert _n(session, c) == 12 and _n(session, c, area="sentrum") == 5
    # retention thins profile answers: the profile breakdown moves at once
    session.rollback()
    fresh = session.get(Campaign, c.id)
    assert {g.key: g.n for g in breakdown(session, fresh, "age_band")}["25-34"] == 5
    fresh.settings = {**fresh.settings, "retention_months": 1}
    session.add(fresh)
    session.commit()
    assert apply_retention(session, now=datetime.now(UTC) + timedelta(days=90)) == 12
    session.commit()
    session.rollback()
    after = {g.key: g.n for g in breakdown(session, session.get(Campaign, c.id), "age_band")}
    assert after == {"not_answered": 12} and _n(session, c) == 12
