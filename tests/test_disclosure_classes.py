"""An attacker with a class compass: no release, no difference of releases, no class compass, nor any
combination of them, gives back fewer than k people.

Classes and other residents answer in interleaved orders, with releases cut at many points (also in
the middle of a class), classes ended at random moments, answers sent after an end, answers
withdrawn, a session that ran out, and the release at close. After every cut the attacker reads the
public API (total, every area, every area alone) and every class compass the teacher's page shows
(its responses and each theme it shows). The oracle knows which people each figure counts; the
attacker of tests/test_disclosure_attack.py then solves over all observations at once for every
single person, every figure, and every difference and intersection of two figures (so every
difference of two releases, with or without a compass, per area and region and theme).
"""

import random
import re
import uuid
from dataclasses import dataclass, field

import pytest
from sqlmodel import Session, select

from app.admin.lifecycle import delete_responses
from app.classes import service as classes
from app.main import app
from app.models import Campaign
from app.models.classes import ClassSession
from app.models.disclosure import ResultRelease
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.results import disclosure
from app.results.disclosure import latest
from tests.client import TestClient
from tests.helpers import themes
from tests.resident_support import open_campaign
from tests.staff_support import logged_in, post_form
from tests.test_disclosure_attack import Obs, Span, _vec, attack

K = 5
AREAS = ("sentrum", "nord")
THEMES = themes()
PART = "part:"  # how a release stores its parts (app.results.release_units)


@dataclass
class Person:
    rid: str
    area: str
    answers: dict[str, int | None]  # theme -> score (None: don't know); missing: skipped
    cls: int | None = None  # the class session whose pupil sent it before the end
    deleted: bool = False


@dataclass
class Snapshot:
    """What was stored when a release was cut: who, and each class's state then."""

    seq: int
    alive: frozenset[str]
    state: dict[int, str]  # class id -> running / intact / withdrawn / lapsed


@dataclass
class Lesson:
    """A campaign, its teacher, its classes, and everyone who answered (the attacker's oracle)."""

    session: Session
    rng: random.Random
    release: str = "batches"
    people: list[Person] = field(default_factory=list)
    classes: dict[int, str] = field(default_factory=dict)  # id -> area
    ended: set[int] = field(default_factory=set)
    withdrawn: set[int] = field(default_factory=set)
    lapsed: set[int] = field(default_factory=set)
    snapshots: list[Snapshot] = field(default_factory=list)
    observations: list[Obs] = field(default_factory=list)
    shown: dict[int, int] = field(default_factory=dict)  # class id -> times its compass was shown

    def __post_init__(self) -> None:
        settings = {"results_release": self.release}
        self.campaign = open_campaign(self.session, is_demo=False, settings=settings)
        self.campaign.min_group_size = K
        self.session.add(self.campaign)
        self.session.commit()
        self.teacher, _ = logged_in(self.session, "facilitator")
        self.decoded: dict[int, dict[tuple[str, str], frozenset[str]]] = {}
        self.public = TestClient(app)

    # What happens ------------------------------------------------------------------------------

    def open_class(self, area: str = "sentrum") -> int:
        r = post_form(self.teacher, "/staff/classes/new", {"place": f"{self.campaign.id}:{area}",
                                                          "title": f"Klasse {len(self.classes) + 1}"},
                      "/staff/classes/new")
        assert r.status_code == 303, r.text
        cid = int(r.headers["location"].rsplit("/", 1)[1])
        self.classes[cid] = area
        return cid

    def answers(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for t in THEMES:
            roll = self.rng.random()
            if roll < 0.1:
                continue  # skipped
            out[t] = None if roll < 0.2 else self.rng.randint(1, 7)
        return out

    def resident(self, area: str) -> Person:
        return self._send(Person(str(uuid.uuid4()), area, self.answers()))

    def pupil(self, cid: int, answers: dict[str, int | None] | None = None) -> Person:
        """A pupil joins (the session remembers the draft's response id) and sends."""
        p = Person(str(uuid.uuid4()), self.classes[cid], answers or self.answers(),
                   cls=None if cid in self.ended else cid)
        self.session.rollback()
        classes.add_pupil(self.session, self.session.get(ClassSession, cid), p.rid)
        self.session.commit()
        return self._send(p)

    def _send(self, p: Person) -> Person:
        self.session.rollback()
        body = ResponseIn(id=uuid.UUID(p.rid), area=p.area, mode="survey", locale="nb",
                          answers={t: {"score": s} for t, s in p.answers.items()})
        assert submit(self.session, self.session.get(Campaign, self.campaign.id), body).created
        self.session.commit()
        self.people.append(p)
        return p

    def end(self, cid: int) -> bool:
        r = post_form(self.teacher, f"/staff/classes/{cid}/end", {}, f"/staff/classes/{cid}")
        if r.status_code == 303:
            self.ended.add(cid)
        return r.status_code == 303

    def run_out(self, cid: int) -> None:
        """The session was opened 13 hours ago and never ended."""
        self.session.rollback()
        from datetime import timedelta

        row = self.session.get(ClassSession, cid)
        row.created_at = row.created_at - timedelta(hours=14)
        self.session.add(row)
        self.session.commit()
        self.lapsed.add(cid)
        for p in self.people:
            if p.cls == cid:
                p.cls = None  # its answers are ordinary now

    def delete(self, p: Person) -> None:
        self.session.rollback()
        seq = self._seq()
        assert delete_responses(self.session, [p.rid]) == 1
        self.session.commit()
        p.deleted = True
        if p.cls in self.ended:
            self.withdrawn.add(p.cls)
        if self._seq() != seq:  # the deletion cut a release at once
            self._snapshot(self._seq())
            self.observe()

    def cut(self) -> None:
        self.session.rollback()
        release = disclosure.cut(self.session, self.session.get(Campaign, self.campaign.id))
        self.session.commit()
        if release is not None:
            self._snapshot(release.seq)
        self.observe()

    def close(self) -> None:
        self.session.rollback()
        c = self.session.get(Campaign, self.campaign.id)
        c.status = "closed"
        self.session.add(c)
        self.session.commit()

    def _seq(self) -> int:
        release = latest(self.session, self.session.get(Campaign, self.campaign.id))
        return release.seq if release else 0

    def _snapshot(self, seq: int) -> None:
        state = {}
        for cid in self.classes:
            state[cid] = ("lapsed" if cid in self.lapsed else "withdrawn" if cid in self.withdrawn
                          else "intact" if cid in self.ended else "running")
        alive = frozenset(p.rid for p in self.people if not p.deleted)
        self.snapshots.append(Snapshot(seq, alive, state))

    # The oracle ---------------------------------------------------------------------------------

    def by_id(self) -> dict[str, Person]:
        return {p.rid: p for p in self.people}

    def members(self, cid: int, measure: str = "*", alive: frozenset[str] | None = None) -> list[Person]:
        """A class's pupils (now, or those stored at a snapshot) who answered the measure."""
        return [p for p in self.people if p.cls == cid and answered(p, measure)
                and (p.rid in alive if alive is not None else not p.deleted)]

    def compass_themes(self, cid: int, alive: frozenset[str]) -> set[str]:
        """The themes a class compass shows: at least k answers, 0 or at least k scores."""
        out = set()
        for t in THEMES:
            answers = self.members(cid, t, alive)
            scores = [p for p in answers if p.answers[t] is not None]
            if len(answers) >= K and (not scores or len(scores) >= K):
                out.add(t)
        return out

    def ordinary(self, snap: Snapshot, area: str, measure: str) -> list[Person]:
        """The area's answers a release may show in batches: not a running or withdrawn class's,
        not what an intact class's compass shows."""
        out = []
        for p in self.people:
            if p.rid not in snap.alive or p.area != area or not answered(p, measure):
                continue
            state = snap.state.get(p.cls) if p.cls is not None else None
            if state in ("running", "withdrawn"):
                continue
            if state == "intact" and (measure == "*" or measure in self.compass_themes(p.cls, snap.alive)):
                continue
            out.append(p)
        return out

    def everyone(self, snap: Snapshot, area: str, measure: str) -> list[Person]:
        return [p for p in self.people if p.rid in snap.alive and p.area == area and answered(p, measure)]

    def decode(self, seq: int) -> dict[tuple[str, str], frozenset[str]]:
        """The people behind each published (area, measure) of a release."""
        if seq in self.decoded:
            return self.decoded[seq]
        self.session.rollback()
        stored = self.session.exec(select(ResultRelease).where(
            ResultRelease.campaign_id == self.campaign.id, ResultRelease.seq == seq)).one().counts
        slugs = {str(i): s for s, i in self._area_ids().items()}
        history = [s for s in self.snapshots if s.seq <= seq][::-1]
        out = {}
        for key, cell in stored.items():
            if ":" in key or key not in slugs:
                continue
            area = slugs[key]
            parts = [k.removeprefix(PART) for k in stored if k.startswith(PART) and ":" not in k[len(PART):]
                     and k[len(PART):].partition("#")[0] == key]
            for measure in cell:
                found: set[str] = set()
                for part in parts or [key]:
                    counts = stored[PART + part].get(measure) if parts else cell[measure]
                    if counts is None or not any(counts):
                        continue
                    found |= self._part(part, area, measure, counts, history, seq, bool(parts))
                people = [self.by_id()[r] for r in found]
                assert _counts(people, measure) == _pad(cell[measure]), (seq, key, measure)
                out[(area, measure)] = frozenset(found)
        self.decoded[seq] = out
        return out

    def _part(self, part: str, area: str, measure: str, counts: list[int], history: list[Snapshot],
              seq: int, apart: bool) -> set[str]:
        _key, _, cid = part.partition("#")
        if cid:
            members = self.members(int(cid), measure, history[0].alive)
            assert _counts(members, measure) == _pad(counts), f"release {seq}: class {cid} as other figures"
            return {p.rid for p in members}
        # as specified; else (or in a release cut before classes were kept apart) everyone stored
        for oracle in (self.ordinary, self.everyone) if apart else (self.everyone,):
            for snap in history:
                members = oracle(snap, area, measure)
                if _counts(members, measure) == _pad(counts):
                    return {p.rid for p in members}
        raise AssertionError(f"release {seq} shows {area}/{measure} that never was stored")

    def _area_ids(self) -> dict[str, int]:
        from app.models import Area

        rows = self.session.exec(select(Area).where(Area.campaign_id == self.campaign.id))
        return {a.slug: a.id for a in rows}

    # The attacker's reads --------------------------------------------------------------------------

    def observe(self) -> None:
        """Read every public figure and every class compass there is now."""
        body = self.public.get("/api/v1/campaigns/demo/summary", params={"group_by": "area"}).json()
        seq = body["release"]["seq"] if body.get("release") else 0
        sets = self.decode(seq) if seq else {}
        for area in (None, *AREAS):
            for by in (None, "area"):
                params = {k: v for k, v in (("area", area), ("group_by", by)) if v}
                got = self.public.get("/api/v1/campaigns/demo/summary", params=params).json()
                name = f"public#{seq} area={area} by={by}"
                self.observations += _figures(name, [area] if area else list(AREAS), sets, got["n"],
                                              got["themes"])
                for g in got["groups"]:
                    self.observations += _figures(f"{name} [{g['key']}]", [g["key"]], sets, g["n"],
                                                  g["themes"])
        for cid in self.classes:
            shown = self.compass(cid)
            if shown is None:
                continue
            self.shown[cid] = self.shown.get(cid, 0) + 1
            for measure in ("*", *THEMES):
                members = frozenset(p.rid for p in self.members(cid, measure))
                self.observations.append(Obs(f"class {cid}", measure, members, measure in shown))

    def compass(self, cid: int) -> set[str] | None:
        """The measures the teacher's compass page shows (None: no compass)."""
        page = self.teacher.get(f"/staff/classes/{cid}/kompass").text
        if "compass-title" not in page:
            return None
        rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", page.split("<tbody>", 1)[1])
        assert len(rows) == len(THEMES)
        return {"*"} | {t for t, row in zip(THEMES, rows, strict=True) if "fewer than" not in row}


def answered(p: Person, measure: str) -> bool:
    return measure == "*" or measure in p.answers


def _pad(c: list[int]) -> list[int]:
    return list(c) + [0] * (8 - len(c))


def _counts(members: list[Person], measure: str) -> list[int]:
    if measure == "*":
        return _pad([len(members)])
    out = [0] * 8
    for p in members:
        s = p.answers[measure]
        out[0 if s is None else s] += 1
    return out


def _figures(name: str, areas: list[str], sets: dict, n: int | None, stats: list[dict]) -> list[Obs]:
    def union(measure: str) -> frozenset[str]:
        return frozenset().union(*(sets.get((a, measure), frozenset()) for a in areas))

    return [Obs(name, "*", union("*"), n is not None),
            *(Obs(name, t["theme"], union(t["theme"]), not t["hidden"]) for t in stats)]


def _small(members: frozenset[str], measure: str, people: dict[str, Person]) -> bool:
    answers = len(members)
    scores = answers if measure == "*" else sum(people[r].answers[measure] is not None for r in members)
    return 0 < answers < K or 0 < scores < K


def leaks(lesson: Lesson) -> list[str]:
    """The attacker of test_disclosure_attack, and more targets: for every two figures (releases,
    areas, totals) and every class compass, their difference without the class and within it."""
    found = attack(lesson, lesson.observations, K)  # type: ignore[arg-type]
    people = lesson.by_id()
    for measure in ["*", *THEMES]:
        obs = [o for o in lesson.observations if o.measure == measure]
        index = {r: i for i, r in enumerate(sorted({r for o in obs for r in o.members}))}
        span = Span(len(index))
        for members in {o.members for o in obs if o.shown and o.members}:
            span.add(_vec(members, index))
        figures = list({o.members for o in obs})
        compasses = {o.members for o in obs if o.name.startswith("class") and o.shown}
        targets = set()
        for a in figures:
            for b in [frozenset(), *figures]:
                for c in compasses:
                    targets |= {(a - b) - c, (a - b) & c}
        for members in targets:
            if _small(members, measure, people) and span.holds(_vec(members, index)):
                found.append(f"{measure}: a difference beside a class compass gives back {len(members)}")
    return found


def small_atoms(lesson: Lesson) -> list[str]:
    """A proof, where it holds: the shown figures cut everyone into atoms (the people in exactly the
    same figures); when every atom holds 0 or at least k answers and scores, every combination of
    figures is a union of atoms, so none gives back fewer than k. (A deletion makes a small atom
    that no combination reaches: those lessons rely on `leaks` alone.)"""
    people = lesson.by_id()
    out = []
    for measure in ["*", *THEMES]:
        shown = list({o.members for o in lesson.observations if o.measure == measure and o.shown})
        atoms: dict[tuple[bool, ...], set[str]] = {}
        for r in set().union(*shown) if shown else set():
            atoms.setdefault(tuple(r in s for s in shown), set()).add(r)
        out += [f"{measure}: an atom of {len(a)}" for a in atoms.values()
                if _small(frozenset(a), measure, people)]
    return out


# The attacks ---------------------------------------------------------------------------------

def _cut_in_the_middle_of_a_class(session) -> tuple["Lesson", int]:
    """Ten residents, a release; six pupils, a release; four pupils and two residents, a release;
    the class ends (ten answers) and is observed. Returns the lesson and the class."""
    lesson = Lesson(session, random.Random(1))
    for _ in range(10):
        lesson.resident("sentrum")
    lesson.cut()
    cid = lesson.open_class()
    for _ in range(6):
        lesson.pupil(cid)
    lesson.cut()  # mid-class
    for i in range(6):
        lesson.pupil(cid) if i < 4 else lesson.resident("sentrum")
    lesson.cut()
    assert lesson.end(cid)
    lesson.observe()
    return lesson, cid


def test_a_release_cut_in_the_middle_of_a_class_gives_nobody_away(session):
    """Ten residents, a release; six pupils, a release; four pupils and two residents, a release;
    the class ends (ten answers) and its compass is shown. Before classes were kept apart the last
    release minus the first minus the class compass was the two residents."""
    lesson, cid = _cut_in_the_middle_of_a_class(session)
    lesson.cut()
    assert lesson.shown.get(cid), "the class sees its compass"
    assert leaks(lesson) == [] and small_atoms(lesson) == []


def test_a_class_beside_two_neighbours_shows_its_compass_and_gives_neither_away(session):
    """The class of five answers while two neighbours do; releases are cut all along. The compass
    shows at the end, and the neighbours wait for a batch of their own."""
    lesson = Lesson(session, random.Random(2))
    cid = lesson.open_class()
    for i in range(7):
        lesson.resident("sentrum") if i in (2, 5) else lesson.pupil(cid)
        lesson.cut()
    assert lesson.end(cid)
    lesson.cut()
    assert lesson.shown[cid]
    areas = lesson.public.get("/api/v1/campaigns/demo/summary", params={"group_by": "area"}).json()
    assert {g["key"]: g["n"] for g in areas["groups"]}.get("sentrum") == 5  # the class alone, so far
    for _ in range(5):
        lesson.resident("sentrum")
    lesson.cut()
    areas = lesson.public.get("/api/v1/campaigns/demo/summary", params={"group_by": "area"}).json()
    assert {g["key"]: g["n"] for g in areas["groups"]}.get("sentrum") == 12
    assert leaks(lesson) == [] and small_atoms(lesson) == []


# One seed on every database; the others try more shapes of the same queries, once (any_database).
@pytest.mark.parametrize("seed", [3, *(pytest.param(s, marks=pytest.mark.any_database) for s in (4, 5, 6))])
def test_interleaved_classes_and_residents_with_releases_cut_anywhere(session, seed):
    """Two or three classes (two in one area), residents in both areas, cuts after random events,
    ends at random moments, a pupil who sends after the end, a class that ends below k."""
    rng = random.Random(seed)
    lesson = Lesson(session, rng)
    open_ = [lesson.open_class(a) for a in ("sentrum", "sentrum", "nord")[:rng.choice([2, 3])]]
    for _ in range(8):
        lesson.resident(rng.choice(AREAS))
    sizes = {cid: rng.randint(4, 9) for cid in open_}
    while open_ or len(lesson.people) < 60:
        roll = rng.random()
        if open_ and roll < 0.5:
            cid = rng.choice(open_)
            if len(lesson.members(cid)) < sizes[cid]:
                lesson.pupil(cid)
            elif lesson.end(cid) or len(lesson.members(cid)) < K:
                open_.remove(cid)  # ended, or left below k (its end refused)
                if cid in lesson.ended and rng.random() < 0.5:
                    lesson.pupil(cid)  # sent after the end: an ordinary answer
        else:
            lesson.resident(rng.choice(AREAS))
        if rng.random() < 0.4:
            lesson.cut()
    lesson.cut()
    for cid in lesson.ended:  # every class that ended with k or more sees its compass
        assert lesson.shown.get(cid), f"class {cid} of {len(lesson.members(cid))} saw no compass"
    assert len(lesson.snapshots) >= 3
    assert leaks(lesson) == [] and small_atoms(lesson) == []


def test_withdrawn_answers_and_a_session_that_ran_out_give_nobody_away(session):
    """A pupil's answers withdrawn after the end (its compass goes, its released part is kept
    back), a resident's withdrawn, and a session never ended (its answers become ordinary)."""
    rng = random.Random(7)
    lesson = Lesson(session, rng)
    first, second, forgotten = lesson.open_class(), lesson.open_class("nord"), lesson.open_class()
    for _ in range(6):
        lesson.resident("sentrum")
        lesson.pupil(first)
        lesson.pupil(second)
        lesson.pupil(forgotten)
    lesson.cut()
    assert lesson.end(first) and lesson.end(second)
    lesson.cut()
    assert lesson.shown[first] and lesson.shown[second]
    lesson.delete(next(p for p in lesson.people if p.cls == first))
    assert lesson.compass(first) is None  # withdrawn
    lesson.cut()
    lesson.delete(next(p for p in lesson.people if p.cls is None and p.area == "sentrum"))
    lesson.cut()
    lesson.run_out(forgotten)
    assert not lesson.end(forgotten)  # too late to end it
    for _ in range(2):
        lesson.resident("nord")
        lesson.cut()
    for _ in range(12):
        lesson.resident("sentrum")
    lesson.cut()
    assert lesson.compass(second) is not None and lesson.compass(forgotten) is None
    assert leaks(lesson) == []


def test_the_release_at_close_keeps_classes_apart_too(session):
    lesson = Lesson(session, random.Random(8), release="at_close")
    cid, running = lesson.open_class(), lesson.open_class("nord")
    for i in range(9):
        lesson.pupil(cid) if i < 6 else lesson.resident("sentrum")
        lesson.pupil(running)
    lesson.resident("nord")
    assert lesson.end(cid)
    lesson.cut()
    assert lesson.snapshots == []  # nothing before the close
    lesson.close()
    lesson.cut()
    assert len(lesson.snapshots) == 1 and lesson.shown[cid]
    assert lesson.end(running)
    lesson.cut()
    assert lesson.shown[running] and len(lesson.snapshots) == 1
    assert leaks(lesson) == [] and small_atoms(lesson) == []


def test_the_attacker_finds_the_few_when_classes_are_mixed_into_the_batches(session, monkeypatch):
    """Were a class's answers released in the ordinary batches, the first test's releases minus the
    class compass would give the two residents back: the attacker sees it."""
    from app.results import release_units

    monkeypatch.setattr(release_units, "parts", lambda live, found: live)
    lesson, cid = _cut_in_the_middle_of_a_class(session)
    assert lesson.shown[cid]
    found = leaks(lesson)
    assert any(leak.startswith("*: ") and leak.endswith("gives back 2") for leak in found), found
