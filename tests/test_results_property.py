"""Property: the summary from the running tallies always equals a recomputation from raw answers,
also after concurrent writes."""

import statistics
import threading
import uuid
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session, select

from app.db import get_engine, unit_of_work
from app.models import Campaign, User
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.results.breakdowns import raw_groups
from app.results.service import tally_counts
from app.results.stats import stat
from tests.helpers import themes
from tests.results_helpers import campaign

THEMES = themes()[:4]  # a few themes keep each example fast; the code treats all alike
score = st.one_of(st.none(), st.integers(1, 7))
response = st.fixed_dictionaries({
    "area": st.sampled_from(["sentrum", "nord"]),
    "mode": st.sampled_from(["survey", "walk", "paper"]),
    "group": st.sampled_from([None, "A", "B"]),
    "consensus": st.booleans(),
    "answers": st.dictionaries(st.sampled_from(THEMES), score, max_size=4),
    "age": st.sampled_from([None, "16-19", "67-79"]),
})


def _store(campaign_id: int, user_id: int, r: dict) -> None:
    body = ResponseIn(id=uuid.uuid4(), area=r["area"], mode=r["mode"], locale="nb",
                      answers={t: {"score": s} for t, s in r["answers"].items()},
                      profile={"age_band": r["age"]} if r["age"] else {})
    with unit_of_work() as s:
        submit(s, s.get(Campaign, campaign_id), body, staff=s.get(User, user_id), group_label=r["group"],
               is_consensus=r["consensus"])


def _raw(session: Session, campaign_id: int) -> list[tuple]:
    sql = text(
        "SELECT a.slug, r.mode, coalesce(r.group_label, ''), r.is_consensus, x.theme, x.score,"
        " p.value FROM answer x JOIN response r ON r.id = x.response_id JOIN area a ON a.id = r.area_id"
        " LEFT JOIN profile_answer p ON p.response_id = r.id AND p.question = 'age_band'"
        " WHERE r.campaign_id = :c")
    return [tuple(row) for row in session.execute(sql, {"c": campaign_id})]


def _check(session: Session, c: Campaign) -> None:
    rows = _raw(session, c.id)
    session.expire_all()
    # totals, and each area x mode x group x consensus filter, straight from the raw answers
    for filt in ({}, {"mode": "walk"}, {"group_label": "A"}, {"consensus": True}):
        got = tally_counts(session, c.id, **filt).get(None, {})
        want: Counter = Counter()
        for area, mode, group, cons, theme, sc, _age in rows:
            if bool(cons) != filt.get("consensus", False):
                continue
            if "mode" in filt and mode != filt["mode"] or "group_label" in filt and group != "A":
                continue
            want[(theme, sc or 0)] += 1
        for theme in THEMES:
            hist = [want[(theme, s)] for s in range(1, 8)]
            mine = got.get(theme, [0] * 8)
            assert mine[1:] == hist and mine[0] == want[(theme, 0)]
            scores = [s for s in range(1, 8) for _ in range(want[(theme, s)])]
            figures = stat(theme, mine[1:], mine[0])
            assert figures.n == len(scores)
            if scores:
                assert figures.mean == round(statistics.mean(scores), 2)
                assert figures.median == statistics.median(scores)
    by_age = raw_groups(session, c, "age_band")
    for band in ("16-19", "67-79"):
        for theme in THEMES:
            want_scores = Counter(sc or 0 for _a, _m, _g, cons, t, sc, age in rows
                                  if not cons and t == theme and age == band)
            got = by_age.get(band, {}).get(theme, [0] * 8)
            assert got == [want_scores[s] for s in range(8)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(response, max_size=12))
def test_tallies_equal_recomputation(session, batch):
    c = session.exec(select(Campaign).where(Campaign.slug == "prop")).first()
    if c is None:  # one campaign for every example: the tallies must stay right as they grow
        campaign(session, "prop")
        c = session.exec(select(Campaign).where(Campaign.slug == "prop")).one()
    user = session.exec(select(User)).first()
    for r in batch:
        _store(c.id, user.id, r)
    _check(session, c)


def test_tallies_equal_recomputation_after_concurrent_writes(session):
    c, user = campaign(session, "conc")
    cid, uid = c.id, user.id
    import random
    rng = random.Random(11)
    work = [{
        "area": rng.choice(["sentrum", "nord"]), "mode": rng.choice(["survey", "walk"]),
        "group": rng.choice([None, "A"]), "consensus": rng.random() < 0.2,
        "answers": {t: rng.choice([None, 1, 4, 7]) for t in THEMES},
        "age": rng.choice([None, "16-19", "67-79"])} for _ in range(80)]
    errors: list[BaseException] = []

    def worker(part: list[dict]) -> None:
        try:
            for r in part:
                _store(cid, uid, r)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(work[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(get_engine()) as fresh:
        assert len(_raw(fresh, cid)) == sum(len(r["answers"]) for r in work)
        _check(fresh, fresh.get(Campaign, cid))


def test_demo_bulk_tallies_equal_recomputation(session):
    """`medvirk demo --responses N` writes in bulk and counts per chunk; the tallies still agree."""
    from app.admin.demo import add_responses

    c, user = campaign(session, "bulk")
    assert add_responses(session, c, 450, seed=5, chunk=200) == 450
    session.commit()
    _store(c.id, user.id, {"area": "nord", "mode": "walk", "group": "A", "consensus": False,
                           "answers": {THEMES[0]: 2}, "age": "16-19"})
    with Session(get_engine()) as fresh:
        fresh_c = fresh.get(Campaign, c.id)
        assert len(_raw(fresh, c.id)) == 450 * 14 + 1
        labels = fresh.execute(text("SELECT DISTINCT group_label FROM response")).scalars().all()
        assert {"ungdomsrådet", "seniorsenteret"} <= set(labels)  # demo focus groups are counted too
        _check(fresh, fresh_c)
        assert tally_counts(fresh, c.id).get(None, {})["*"][0] == 451
