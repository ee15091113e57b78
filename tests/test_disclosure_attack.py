"""An attacker against the published figures: nothing about fewer than k people comes back.

Every public and staff aggregate is queried with every filter. Each figure is an observation of
a set of respondents the test knows exactly (it made them). The attacker then solves, by linear
algebra over all observations at once, for: every hidden cell, every single respondent, every
difference and intersection of two observed sets, and (for the public) every snapshot
difference around single submissions. A target "comes back" when its indicator lies in the span
of the shown observations: then some combination of published figures equals its figures
exactly. That is the strongest form of "differencing every pair and every total". A target
that comes back must hold 0 or at least k responses, answers and scores.
"""

import random
import uuid
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from app.admin.lifecycle import delete_responses
from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.models import Area, Campaign, User
from app.models.disclosure import ResultRelease
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.results import disclosure
from app.results.breakdowns import dimensions
from app.results.disclosure import cut, latest, threshold
from app.results.service import consensus_summary, theme_summary
from app.results.summary import summary
from tests.helpers import themes

K = 5
AREAS = ("sentrum", "nord", "vest")
MODES = ("survey", "walk", "paper")


@dataclass
class Person:
    rid: str
    area: str
    mode: str
    group: str
    consensus: bool
    profile: dict[str, str]
    answers: dict[str, int | None]  # theme -> score (None: don't know); missing: skipped
    deleted: bool = False


@dataclass
class Obs:
    """One published figure: the set it counts, the measure, and whether it was shown."""

    name: str
    measure: str  # "*" (responses) or a theme slug
    members: frozenset[str]
    shown: bool


class World:
    """The campaign, and every response the attacker's oracle knows about."""

    def __init__(self, session: Session, release: str = "batches") -> None:
        self.session = session
        org = get_or_create_organisation(session, "angrepby", "Angrepby")
        self.user = create_user(session, "angriper", "admin", org, password="correct horse battery")
        data = CampaignIn(slug="angrep", title="Angrep", survey="stedskompasset", status="open",
                          areas=[AreaIn(slug=a, name=a.title()) for a in AREAS], results_public=True)
        self.campaign = create_campaign(session, data, self.user)
        self.campaign.min_group_size = K
        self.campaign.settings = {**self.campaign.settings, "results_release": release}
        session.add(self.campaign)
        session.commit()
        self.campaign_areas = list(session.exec(select(Area).where(Area.campaign_id == self.campaign.id)))
        self.people: list[Person] = []
        self.cuts: list[tuple[int, set[str]]] = []  # (release seq, responses stored when cut)

    def add(self, area: str, mode: str = "survey", group: str = "", consensus: bool = False,
            profile: dict[str, str] | None = None, answers: dict[str, int | None] | None = None) -> Person:
        self.session.rollback()
        answers = answers if answers is not None else {t: 4 for t in themes()}
        p = Person(str(uuid.uuid4()), area, mode, group, consensus, profile or {}, answers)
        body = ResponseIn(id=uuid.UUID(p.rid), area=area, mode=mode, locale="nb",
                          answers={t: {"score": s} for t, s in answers.items()}, profile=p.profile)
        c = self.session.get(Campaign, self.campaign.id)
        out = submit(self.session, c, body, staff=self.session.get(User, self.user.id),
                     group_label=group or None, is_consensus=consensus)
        self.session.commit()
        assert out.created
        self.people.append(p)
        return p

    def cut(self) -> ResultRelease | None:
        self.session.rollback()
        release = cut(self.session, self.session.get(Campaign, self.campaign.id))
        self.session.commit()
        if release is not None:
            self.cuts.append((release.seq, {p.rid for p in self.people if not p.deleted}))
        return release

    def delete(self, person: Person) -> ResultRelease | None:
        """Staff delete one response (the real lifecycle service: answers, tallies, everything,
        and a new release at once when the public figures must change); returns that release."""
        self.session.rollback()
        before = latest(self.session, self.session.get(Campaign, self.campaign.id))
        assert delete_responses(self.session, [person.rid]) == 1
        self.session.commit()
        person.deleted = True
        after = latest(self.session, self.session.get(Campaign, self.campaign.id))
        if after is not None and (before is None or after.seq != before.seq):
            self.cuts.append((after.seq, {p.rid for p in self.people if not p.deleted}))
            return after
        return None

    def by_id(self) -> dict[str, Person]:
        return {p.rid: p for p in self.people}


def random_person(rng: random.Random) -> dict:
    area = rng.choices(AREAS, [8, 5, 1])[0]
    mode = rng.choices(MODES, [10, 1, 2])[0]
    profile = {}
    if rng.random() < 0.8:
        profile["age_band"] = rng.choices(["16-19", "25-34", "35-44", "67-79", "80+"], [2, 5, 5, 3, 1])[0]
    if rng.random() < 0.5:
        profile["disability"] = rng.choices(["yes", "no"], [1, 6])[0]
    if rng.random() < 0.5:
        profile["home_language"] = rng.choices(["norwegian", "sami", "other"], [8, 1, 2])[0]
    answers: dict[str, int | None] = {}
    for t in themes():
        r = rng.random()
        if r < 0.08:
            continue  # skipped
        answers[t] = None if r < 0.18 else rng.randint(1, 7)
    group = rng.choices(["", "Ungdom", "Eldre"], [12, 2, 1])[0]
    return {"area": area, "mode": mode, "group": group, "profile": profile, "answers": answers}


def populate(world: World, n: int, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        world.add(**random_person(rng))
    # the attacks from the issue: a hidden 80+ group of three in one area, three walk-and-talk
    # answers, a whole area with three responses, consensus groups (two of them in nord)
    for _ in range(3):
        world.add("nord", profile={"age_band": "80+", "disability": "yes", "home_language": "sami"},
                  answers={t: rng.randint(1, 7) for t in themes()})
    for _ in range(3):
        world.add("sentrum", mode="walk", group="Gåtur", answers={t: rng.randint(1, 7) for t in themes()})
    for _ in range(2):
        world.add("vest", answers={t: rng.choice([None, 2, 6]) for t in themes()})
    for i in range(7):  # five groups agree in sentrum, two in nord
        world.add("sentrum" if i < 5 else "nord", mode="workshop", group=f"Gruppe {i}", consensus=True,
                  answers={t: rng.randint(1, 7) for t in themes()})


# The oracle: the exact set behind each figure -----------------------------------------------

def answered(p: Person, measure: str) -> bool:
    return measure == "*" or measure in p.answers


def staff_tables(world: World) -> list[list[Obs]]:
    """Every live table staff pages, the staff API, exports, charts and slides can show: one
    list of figures per filter (its total and its breakdown), group consensus per area, and the
    theme figures of each area (rounds and workshop slides read them)."""
    s, c = world.session, world.session.get(Campaign, world.campaign.id)
    s.rollback()
    people = [p for p in world.people if not p.consensus and not p.deleted]
    out: list[list[Obs]] = []
    keys = {"area": lambda p: p.area, "mode": lambda p: p.mode, "group": lambda p: p.group}
    for area in (None, *AREAS):
        for mode in (None, *MODES):
            for by in (None, *dimensions(c)):
                if by not in (None, "area", "mode", "group") and mode is not None:
                    continue  # refused with 422, tested elsewhere
                got = summary(s, c, area, mode, by)
                scope = [p for p in people
                         if (area is None or p.area == area) and (mode is None or p.mode == mode)]
                name = f"staff area={area} mode={mode} by={by}"
                table = _cell(name, scope, got.n, got.themes)
                for g in got.groups:
                    key = keys.get(by, lambda p, q=by: p.profile.get(q, "not_answered"))
                    members = [p for p in scope if key(p) == g.key]
                    table += _cell(f"{name} [{g.key}]", members, g.n, g.themes)
                out.append(table)
    # group consensus: a series of its own, by area
    agreed = [p for p in world.people if p.consensus and not p.deleted]
    for area in (None, *AREAS):
        stats = consensus_summary(s, c, area)
        members = [p for p in agreed if area is None or p.area == area]
        out.append(_cell(f"staff consensus area={area}", members, None, stats)[1:])
        out.append(_cell(f"staff themes area={area}", [p for p in people if area in (None, p.area)],
                         None, theme_summary(s, c, area))[1:])
    return out


def _cell(name: str, members: list[Person], n: int | None, stats: list) -> list[Obs]:
    out = [Obs(name, "*", frozenset(p.rid for p in members), n is not None)]
    for t in stats:
        members_t = frozenset(p.rid for p in members if t.theme in p.answers)
        out.append(Obs(name, t.theme, members_t, not t.hidden))
    return out


def released_sets(world: World, release: ResultRelease) -> dict[tuple[str, str], frozenset[str]]:
    """For each released cell (area or consensus, measure), the exact responses it holds: the
    cell equals the live cell at the cut that last moved it on."""
    people = world.by_id()
    area_ids = {str(a.id): a.slug for a in world.campaign_areas}
    out = {}
    history = [(seq, stored) for seq, stored in world.cuts if seq <= release.seq]
    for key, cell in release.counts.items():
        if ":" in key:
            continue  # kept back, or the live counts at the cut: never published
        for measure, counts in cell.items():
            found = None
            for _seq, stored in reversed(history):
                members = [people[r] for r in stored if _in_cell(people[r], key, area_ids)
                           and answered(people[r], measure)]
                if _counts(members, measure) == counts:
                    found = frozenset(p.rid for p in members)
                    break
            assert found is not None, f"release {release.seq} holds {key}/{measure} that never was live"
            out[(key, measure)] = found
    return out


def _in_cell(p: Person, key: str, area_ids: dict[str, str]) -> bool:
    return p.consensus if key == "consensus" else (not p.consensus and area_ids[key] == p.area)


def _counts(members: list[Person], measure: str) -> list[int]:
    if measure == "*":
        return [len(members)] + [0] * 7
    out = [0] * 8
    for p in members:
        s = p.answers[measure]
        out[0 if s is None else s] += 1
    return out


def public_observations(world: World, client) -> list[Obs]:  # type: ignore[no-untyped-def]
    """Every figure the public can read now: the API with every filter it accepts (the page,
    its compass and the thank-you link show the same release)."""
    world.session.rollback()
    release = latest(world.session, world.session.get(Campaign, world.campaign.id))
    sets = released_sets(world, release) if release else {}
    slug_ids = {a.slug: str(a.id) for a in world.campaign_areas}
    out: list[Obs] = []
    for area in (None, *AREAS):
        for by in (None, "area"):
            params = {k: v for k, v in (("area", area), ("group_by", by)) if v}
            body = client.get("/api/v1/campaigns/angrep/summary", params=params).json()
            keys = [slug_ids[area]] if area else list(slug_ids.values())
            name = f"public#{release.seq if release else 0} area={area} by={by}"
            out += _released(name, keys, sets, body["n"], body["themes"])
            for g in body["groups"]:
                out += _released(f"{name} [{g['key']}]", [slug_ids[g["key"]]], sets, g["n"], g["themes"])
    for mode in MODES:  # the public may not ask for more than the page shows
        assert client.get("/api/v1/campaigns/angrep/summary", params={"mode": mode}).status_code == 422
    for by in ("mode", "group", "age_band", "disability"):
        assert client.get("/api/v1/campaigns/angrep/summary", params={"group_by": by}).status_code == 422
    return out


def _released(name: str, keys: list[str], sets: dict, n: int | None, stats: list[dict]) -> list[Obs]:
    def union(measure: str) -> frozenset[str]:
        return frozenset().union(*(sets.get((k, measure), frozenset()) for k in keys))

    out = [Obs(name, "*", union("*"), n is not None)]
    out += [Obs(name, t["theme"], union(t["theme"]), not t["hidden"]) for t in stats]
    return out


# The attacker ---------------------------------------------------------------------------------

def attack(world: World, observations: list[Obs], k: int) -> list[str]:
    """Every small set some combination of shown figures gives back exactly."""
    people = world.by_id()
    leaks = []
    for measure in ["*", *themes()]:
        obs = [o for o in observations if o.measure == measure]
        columns = sorted({r for o in obs for r in o.members})
        if not columns:
            continue
        index = {r: i for i, r in enumerate(columns)}

        span = Span(len(columns))
        for members in {o.members for o in obs if o.shown and o.members}:
            span.add(_vec(members, index))
        targets: dict[frozenset[str], str] = {}
        for o in obs:
            targets.setdefault(o.members, f"{o.name} (hidden)" if not o.shown else o.name)
        for r in columns:
            targets.setdefault(frozenset([r]), "one respondent")
        sets = list({o.members for o in obs})
        for i, a in enumerate(sets):
            for b in sets[i + 1:]:
                for derived, how in ((a - b, "difference"), (b - a, "difference"), (a & b, "intersection")):
                    if 0 < len(derived) < k:
                        targets.setdefault(frozenset(derived), how)
        for members, how in targets.items():
            answers = len(members)
            scores = answers if measure == "*" else sum(
                people[r].answers[measure] is not None for r in members)
            if (0 < answers < k or 0 < scores < k) and span.holds(_vec(members, index)):
                leaks.append(f"{measure}: {how} with {answers} answers, {scores} scores comes back")
    return leaks


P = (1 << 61) - 1  # exact arithmetic modulo a large prime: the span of 0/1 rows, no rounding


def _vec(members: frozenset[str], index: dict[str, int]) -> list[int]:
    v = [0] * len(index)
    for r in members:
        v[index[r]] = 1
    return v


class Span:
    """The row space of the shown figures, kept in reduced row echelon form."""

    def __init__(self, width: int) -> None:
        self.rows: dict[int, list[int]] = {}  # pivot column -> row with 1 there, 0 in other pivots

    def _reduce(self, v: list[int]) -> list[int]:
        for col, row in self.rows.items():
            f = v[col]
            if f:
                v = [(x - f * y) % P for x, y in zip(v, row, strict=True)]
        return v

    def add(self, v: list[int]) -> None:
        v = self._reduce(v)
        col = next((i for i, x in enumerate(v) if x), None)
        if col is None:
            return
        inv = pow(v[col], P - 2, P)
        v = [x * inv % P for x in v]
        for c, row in self.rows.items():
            f = row[col]
            if f:
                self.rows[c] = [(x - f * y) % P for x, y in zip(row, v, strict=True)]
        self.rows[col] = v

    def holds(self, v: list[int]) -> bool:
        return not any(self._reduce(v))


# The tests -------------------------------------------------------------------------------------

def test_the_attacker_finds_the_attacks_of_the_issue_without_disclosure_control(session):
    """The attacker is not blind: against raw figures (every cell shown) it finds the hidden
    80+ group, the walk-and-talk answers and the small area by differencing."""
    world = World(session)
    populate(world, 40, seed=1)
    raw = [Obs(o.name, o.measure, o.members, True) for table in staff_tables(world) for o in table]
    leaks = attack(world, raw, K)
    assert any("*: one respondent" in x for x in leaks)
    assert any("difference" in x for x in leaks) or any("hidden" in x for x in leaks)


def test_no_staff_table_gives_back_a_small_group(session):
    """Each staff table (every filter: area, mode, breakdown) on its own: its total, its parts,
    and their differences and intersections never give back fewer than k."""
    world = World(session)
    populate(world, 90, seed=7)
    assert threshold(world.campaign) == K
    tables = staff_tables(world)
    assert any(not o.shown for table in tables for o in table)  # the data has small cells to protect
    leaks = [leak for table in tables for leak in attack(world, table, K)]
    assert leaks == []


# One data set on every database; the others try more shapes of the same queries, once (any_database).
@pytest.mark.parametrize("n, seed", [(90, 7), *(pytest.param(n, s, marks=pytest.mark.any_database)
                                               for n, s in ((40, 1), (150, 23)))])
def test_staff_tables_together(session, n, seed):
    """Every staff table of every filter, taken together (and group consensus by area), on
    several data sets: no sum or difference of any of their figures gives back fewer than k."""
    world = World(session)
    populate(world, n, seed=seed)
    observations = [o for table in staff_tables(world) for o in table]
    # not everything hidden: the total and some of its parts still show
    assert observations[0].name == "staff area=None mode=None by=None" and observations[0].shown
    assert any(o.shown and "[" in o.name for o in observations)
    assert attack(world, observations, K) == []


def _snapshots(world: World, client, singles: int) -> list[Obs]:  # type: ignore[no-untyped-def]
    populate(world, 60, seed=11)
    rng = random.Random(5)
    observations = public_observations(world, client)  # before any release: nothing
    assert all(not o.members for o in observations if o.shown)
    assert world.cut() is not None
    observations += public_observations(world, client)
    # single submissions, each read before and after, cutting a release after every one (the
    # thank-you page links to the public results right after a submission)
    for i in range(singles):
        person = random_person(rng)
        if i % 3 == 0:
            person["area"] = "vest"
        world.add(**person)
        world.cut()
        observations += public_observations(world, client)
    return observations


def test_no_public_figure_or_snapshot_gives_back_a_small_group(client, session):
    world = World(session)
    observations = _snapshots(world, client, 24)
    assert len(world.cuts) >= 2  # the figures did move on, in batches
    assert attack(world, observations, K) == []


def test_the_attacker_finds_one_person_when_releases_copy_the_live_figures(client, session, monkeypatch):
    """Were each release a copy of the live tallies, two reads around one submission would give
    that person back: the attacker sees it (so its silence above means something)."""
    monkeypatch.setattr(disclosure, "_grow", lambda old, new, k: new)
    world = World(session)
    observations = _snapshots(world, client, 4)
    assert any("one respondent" in leak for leak in attack(world, observations, K))


def test_a_release_at_close_is_the_only_release(client, session):
    world = World(session, release="at_close")
    populate(world, 30, seed=3)
    assert world.cut() is None
    before = client.get("/api/v1/campaigns/angrep/summary", params={"group_by": "area"}).json()
    assert before["n"] == 0 and before["groups"] == [] and before["release"] is None
    c = session.get(Campaign, world.campaign.id)
    c.status = "closed"
    session.add(c)
    session.commit()
    assert world.cut() is not None
    observations = public_observations(world, client)
    assert world.cut() is None  # never again, so no snapshot to difference
    assert any(o.shown and o.members for o in observations)
    assert attack(world, observations, K) == []


def _published(client, area: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    params = {"group_by": "area", **({"area": area} if area else {})}
    return client.get("/api/v1/campaigns/angrep/summary", params=params).json()


def test_a_deleted_response_leaves_the_public_figures_at_once_and_differencing_finds_nothing(client, session):
    """Deletions in released areas, one at a time, each followed by a cut and a read: the area
    that lost a response is kept back (its deleted answers are in no current figure), comes back
    only after a plain batch, and no combination of all releases read gives back fewer than k."""
    world = World(session)
    populate(world, 60, seed=13)
    assert world.cut() is not None
    observations = public_observations(world, client)
    shown = {g["key"] for g in _published(client)["groups"] if not g["hidden"]}
    assert "sentrum" in shown
    rng = random.Random(2)
    victims = [p for p in world.people if p.area == "sentrum" and not p.consensus][:3]
    for victim in victims:
        moved = world.delete(victim)  # the first deletion moves the release on at once (later:
        assert moved is not None or victim is not victims[0]  # the area is kept back already)
        assert world.cut() is None
        body = _published(client)
        assert "sentrum" not in {g["key"] for g in body["groups"]}  # kept back, not one smaller
        assert body["n"] == sum(g["n"] or 0 for g in body["groups"])  # the total lost it too
        observations += public_observations(world, client)
        for i in range(K - 1):  # fewer than k new answers: still kept back
            world.add(**{**random_person(rng), "area": "sentrum"})
            world.cut()
            assert "sentrum" not in {g["key"] for g in _published(client)["groups"]}, i
            observations += public_observations(world, client)
    for victim in victims:  # a batch that refills every score count the deleted had: sentrum is back
        for _ in range(K):
            world.add(**{**random_person(rng), "area": "sentrum", "answers": dict(victim.answers)})
    world.add(**{**random_person(rng), "area": "sentrum"})
    assert world.cut() is not None
    assert "sentrum" in {g["key"] for g in _published(client)["groups"] if not g["hidden"]}
    observations += public_observations(world, client)
    leaks = attack(world, observations, K)
    assert leaks == []


def test_the_attacker_finds_the_deleted_person_when_a_release_drops_it_outright(client, session, monkeypatch):
    """Were a deletion released as the area one response smaller, old minus new would be the
    deleted person: the attacker sees it, so its silence above means something."""
    world = World(session)
    populate(world, 40, seed=17)
    assert world.cut() is not None
    observations = public_observations(world, client)
    monkeypatch.setattr(disclosure, "_next", lambda old, live, k, grow: dict(live))
    assert world.delete(next(p for p in world.people if p.area == "sentrum" and not p.consensus))
    observations += public_observations(world, client)
    assert any("one respondent" in leak or "difference" in leak for leak in attack(world, observations, K))


def test_after_close_a_deletion_keeps_its_area_back_for_good(client, session):
    world = World(session, release="at_close")
    populate(world, 40, seed=19)
    c = session.get(Campaign, world.campaign.id)
    c.status = "closed"
    session.add(c)
    session.commit()
    assert world.cut() is not None
    observations = public_observations(world, client)
    area = next(g["key"] for g in _published(client)["groups"] if not g["hidden"])
    assert world.delete(next(p for p in world.people if p.area == area and not p.consensus)) is not None
    assert area not in {g["key"] for g in _published(client)["groups"]}
    assert world.cut() is None
    observations += public_observations(world, client)
    assert attack(world, observations, K) == []
