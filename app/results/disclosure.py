"""Disclosure control: the one place that decides what any aggregate may show.

Two rules, applied by every page, API, chart, export, slide and board that shows a figure:

1. `protect`: a table is a total and a partition of it (areas, modes, groups, profile answers).
   A group with fewer than k responses is hidden, and so is a theme cell with fewer than k
   answers or scores. Then, for the responses and for every theme, what the hidden cells hold
   together (the total minus the shown cells, which anyone can work out) must be 0 or at least
   k; while it is not, the smallest shown cell is hidden too. With one partition under a total
   (a laminar family) the only groups any combination of the shown figures gives back are the
   shown cells and unions of them, the hidden ones together: none has 1..k-1 members.
2. Releases: the public figures (page, API, compass, board challenges) are read from stored
   releases, never from the live tallies. A release adds to an area's figures only a change of
   at least k responses, and to a theme cell only a change of at least k answers (0 or at least
   k of them scores); smaller changes wait for the next release. So any two releases, and any
   combination of them, differ by whole batches of at least k. With the campaign setting
   `results_release: at_close`, one release is cut when the campaign is closed instead.
   Deletions: a cell that lost a response (some count below what was published, or below the
   live counts at the last release) is kept back at the next cut, so the deleted answers leave
   the public figures at once; showing it one response smaller would give them away by
   differencing. It comes back only as a plain batch past what was last shown (no count lower,
   at least k more responses, every theme 0 or at least k more answers and scores).
   Classes: a teacher shows a class its own compass, so an area's figures are the sum of parts
   that each follow these rules, its classes apart from the ordinary answers
   (`app.results.release_units`): no batch mixes a class with a few other people.
3. Staff figures are live, and staff can cross areas, modes, groups and profile answers, so one
   plan per campaign decides every cell they see at once (`staff_plan`, `app.results.crossing`):
   the cells shown cut the responses into regions of 0 or at least k, so no sum or difference of
   staff figures, from any pages, filters or exports of aggregates, gives back fewer than k.
"""

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import read_only, savepoint, unit_of_work
from app.models import Area, Campaign
from app.models.common import utcnow
from app.models.disclosure import ResultRelease
from app.models.results import DONT_KNOW, RESPONSES, ResultTally
from app.results import crossing, release_units
from app.results.release_units import cell_key
from app.results.stats import Points, ThemeStat, hidden, of_counts
from app.surveys.definitions import get_survey
from app.surveys.service import offered

Counts = dict[str, list[int]]  # theme -> [don't know, count of score 1, 2, ... up to the scale's top]

FLOOR = 3  # k is never below this, whatever a campaign says
SETTING = "results_release"
RELEASE_MODES = ("batches", "at_close")
CONSENSUS = "consensus"


def threshold(campaign: Campaign) -> int:
    """The campaign's k: its smallest group shown (default 5, never below 3)."""
    return max(FLOOR, campaign.min_group_size or 5)


def responses_in(counts: Counts) -> int:
    """How many responses the counts come from."""
    return counts.get(RESPONSES, [0])[DONT_KNOW]


def _small(n: int, k: int) -> bool:
    return 0 < n < k


def _measures(c: list[int] | None) -> tuple[int, int]:
    """(answers, scores) of a theme cell: don't know counts as an answer, not as a score."""
    return (sum(c), sum(c[1:])) if c else (0, 0)


@dataclass
class Protected:
    """A table after disclosure control; `None` (n) and hidden stats mean hidden."""

    n: int | None
    themes: list[ThemeStat]
    parts: dict[str, tuple[int | None, list[ThemeStat]]] = field(default_factory=dict)

    def part_hidden(self, key: str) -> bool:
        return self.parts[key][0] is None


def _complete(shown: set[str], size: dict[str, int], total: int, k: int) -> None:
    """Hide the smallest shown cells until the hidden ones together hold 0 or at least k."""
    while _small(total - sum(size[g] for g in shown), k):
        candidates = sorted((size[g], g) for g in shown if size[g] > 0)
        if not candidates:
            return
        shown.discard(candidates[0][1])


def protect(total: Counts, parts: dict[str, Counts], themes: list[str], k: int,
            points: Points | None = None) -> Protected:
    """A total and its partition with small cells hidden and complementary suppression; the
    figures on the survey's scale (`points`; without it, the scores the counts reach)."""
    points = points or Points.fitting(total)
    n_total = responses_in(total)
    if _small(n_total, k):
        return Protected(None, [hidden(t, points) for t in themes],
                         {g: (None, [hidden(t, points) for t in themes]) for g in parts})
    size = {g: responses_in(c) for g, c in parts.items()}
    shown = {g for g, n in size.items() if not _small(n, k)}
    _complete(shown, size, n_total, k)
    figures: dict[str, list[ThemeStat]] = {g: [] for g in parts}
    total_figures = []
    for theme in themes:
        t_answers, t_scores = _measures(total.get(theme))
        if _small(t_answers, k) or _small(t_scores, k):
            total_figures.append(hidden(theme, points))
            for g in parts:
                figures[g].append(hidden(theme, points))
            continue
        total_figures.append(of_counts(theme, total.get(theme), points))
        cells = {g: parts[g].get(theme, []) for g in shown}
        answers = {g: _measures(v)[0] for g, v in cells.items()}
        scores = {g: _measures(v)[1] for g, v in cells.items()}
        on = {g for g in shown if not (_small(answers[g], k) or _small(scores[g], k))}
        while True:  # both the answers and the scores the hidden cells hold together
            before = set(on)
            _complete(on, answers, t_answers, k)
            _complete(on, scores, t_scores, k)
            if on == before:
                break
        for g in parts:
            v = parts[g].get(theme)
            figures[g].append(of_counts(theme, v, points) if g in on else hidden(theme, points))
    return Protected(n_total, total_figures,
                     {g: (size[g] if g in shown else None, figures[g]) for g in parts})


def staff_plan(session: Session, campaign: Campaign, questions: list[str], themes: list[str],
               points: Points, consensus: bool = False, survey: str | None = None) -> crossing.Plan:
    """Rule 3: every live staff figure of a campaign (or of one survey version it offers), across
    all dimensions staff can combine."""
    return crossing.load(session, campaign, questions, themes, threshold(campaign), points, consensus, survey)


def protect_cell(counts: Counts, themes: list[str], k: int, points: Points | None = None) -> Protected:
    """One cell on its own (a filtered total, a round, group consensus)."""
    return protect(counts, {}, themes, k, points)


# Releases ------------------------------------------------------------------------------------

def release_mode(campaign: Campaign) -> str:
    mode = (campaign.settings or {}).get(SETTING, "batches")
    return mode if mode in RELEASE_MODES else "batches"


def _live(session: Session, campaign_id: int, widths: dict[str, int]) -> dict[str, Counts]:
    """Every area's individual tallies and the campaign's group consensus, per survey version, in
    one statement (one snapshot, so a release is consistent on PostgreSQL too)."""
    t = ResultTally
    stmt = (select(t.survey, t.is_consensus, t.area_id, t.theme, t.score, func.sum(t.count))  # type: ignore[call-overload]
            .where(t.campaign_id == campaign_id)
            .group_by(col(t.survey), col(t.is_consensus), col(t.area_id), col(t.theme), col(t.score)))
    out: dict[str, Counts] = {}
    width: dict[str, int] = {}
    for survey, consensus, area, theme, score, n in session.connection().execute(stmt):
        if survey not in widths:
            continue  # a version no longer offered (only a draft can drop one): nothing to publish
        key = cell_key(survey, CONSENSUS if consensus else str(area))
        width[key] = widths[survey]
        add_to(out.setdefault(key, {}), theme, score, int(n))
    for key, cell in out.items():  # every list as wide as its survey's scale, so releases compare
        for theme, c in cell.items():
            cell[theme] = _pad(c, width[key])
    return out


def add_to(cell: Counts, theme: str, score: int, n: int) -> None:
    """Count n answers of `score` (0: don't know) in a cell; the list grows to the score."""
    c = cell.setdefault(theme, [])
    if len(c) <= score:
        c.extend([0] * (score + 1 - len(c)))
    c[score] += n


def _pad(c: list[int], width: int) -> list[int]:
    return list(c) + [0] * (width - len(c))


def _grow(old: Counts, new: Counts, k: int) -> Counts:
    """A released cell moved on by every part of its change that is at least k strong."""
    out = {t: list(c) for t, c in old.items()}
    for theme, c in new.items():
        before = old.get(theme, [])
        width = max(len(c), len(before))
        diff = [a - b for a, b in zip(_pad(c, width), _pad(before, width), strict=True)]
        if min(diff) < 0:  # a deletion: wait until the change is a plain batch again
            continue
        if theme == RESPONSES:
            if diff[DONT_KNOW] >= k:
                out[theme] = list(c)
            continue
        answers, scores = sum(diff), sum(diff[1:])
        if answers >= k and (scores == 0 or scores >= k):
            out[theme] = list(c)
    return out


def latest(session: Session, campaign: Campaign) -> ResultRelease | None:
    """The newest release of a campaign, or None."""
    stmt = select(ResultRelease).where(ResultRelease.campaign_id == campaign.id)
    return session.exec(stmt.order_by(col(ResultRelease.seq).desc()).limit(1)).first()


WITHHELD, SEEN = "withheld:", "seen:"  # key prefixes in a release: a cell kept back, live at the cut


def _dropped(live: Counts, ref: Counts) -> bool:
    """Whether any count of a cell went down: a response was deleted."""
    return any(a < b for theme, c in ref.items()
               for a, b in zip(_pad(live.get(theme, []), len(c)), c, strict=False))


def _plain_batch(ref: Counts, live: Counts, k: int) -> bool:
    """Whether a whole cell may move from `ref` to `live`: no count lower, at least k more
    responses, and every theme 0 or at least k more answers and scores."""
    if _dropped(live, ref) or responses_in(live) - responses_in(ref) < k:
        return False
    return all(_grow(ref, {t: c}, k).get(t) == c for t, c in live.items() if t != RESPONSES)


def _next(old: dict[str, Counts], live: dict[str, Counts], k: int, grow: bool) -> dict[str, Counts]:
    """The next release's cells (see the module's rule 2: deletions)."""
    out: dict[str, Counts] = {}
    keys = {key.removeprefix(WITHHELD) for key in old if not key.startswith(SEEN)}
    for key in sorted(keys | set(live)):
        cell, shown, base = live.get(key, {}), old.get(key), old.get(WITHHELD + key)
        ref = base if base is not None else shown or {}
        if base is not None or _dropped(cell, ref) or _dropped(cell, old.get(SEEN + key, {})):
            if ref and _plain_batch(ref, cell, k):
                out[key] = cell  # back, or moved on, as a plain batch past what was last shown
            elif ref:
                out[WITHHELD + key] = ref  # kept back: showing it again would give the deleted away
        elif grow:
            moved = _grow(shown or {}, cell, k)
            if moved:
                out[key] = moved
        elif shown is not None:
            out[key] = shown
        out[SEEN + key] = cell
    return out


def cut(session: Session, campaign: Campaign) -> ResultRelease | None:
    """Cut a new release when the rules allow one; None when nothing may change yet.

    Safe at any time and from any process: a release only ever adds batches of at least k and
    whole classes (`app.results.release_units`), a part that lost a response is kept back until
    it can move on by such a batch, and two processes cutting at once store one release (the
    other's insert conflicts)."""
    assert campaign.id is not None
    k = threshold(campaign)
    previous = latest(session, campaign)
    widths = {"" if slug == campaign.survey_slug else slug: Points.of(s.scale).width
              for slug in offered(campaign) if (s := get_survey(slug)) is not None}
    at_close = release_mode(campaign) == "at_close"
    if at_close and campaign.status != "closed":
        return None
    now = utcnow()
    # The classes are read before and after the tallies: on PostgreSQL each statement sees its own
    # snapshot, and a pupil's answers counted as ordinary would later be part of the class too.
    classes = release_units.load(session, campaign, widths, k, now)
    live = release_units.parts(_live(session, campaign.id, widths), classes)
    if live is None or release_units.load(session, campaign, widths, k, now) != classes:
        return None  # a class changed while it was read: the next cut sees it settled
    old = release_units.state(previous.counts) if previous else {}
    if at_close:
        # one release at close; after it, only deletions change anything (they keep parts back)
        counts = _next(old, live, k, grow=False) if previous else _whole(live, k)
    else:
        counts = _next(old, live, k, grow=True)
    if {key: c for key, c in counts.items() if not key.startswith(SEEN)} == {
            key: c for key, c in old.items() if not key.startswith(SEEN)}:
        return None  # nothing the public sees would change
    stored = release_units.store(counts)
    release = ResultRelease(
        campaign_id=campaign.id, seq=(previous.seq + 1) if previous else 1, counts=stored,
        responses=sum(responses_in(c) for key, c in stored.items()
                      if ":" not in key and key.rpartition("/")[2] != CONSENSUS))
    try:
        with savepoint(session):
            session.add(release)
            session.flush()
    except IntegrityError:
        return None  # another process cut this release first
    return release


def _whole(live: dict[str, Counts], k: int) -> dict[str, Counts]:
    """The release at close: every part as it is, small cells hidden by `protect`; but beside a
    class compass (which `protect` knows nothing of: a figure minus the class would be the few
    others) every other part only in batches of at least k."""
    classes = any(release_units.UNIT in sub for sub in live)
    shown = {sub: _grow({}, c, k) if classes and release_units.UNIT not in sub else c
             for sub, c in live.items()}
    return {sub: c for sub, c in shown.items() if c} | {SEEN + sub: c for sub, c in live.items()}


def released(session: Session, campaign: Campaign,
             survey: str = "") -> tuple[dict[str, Counts], Counts, ResultRelease | None]:
    """(individual counts per area slug, group consensus counts, the release) as published, of
    one survey version (its tally key; "": the campaign's own survey)."""
    release = latest(session, campaign)
    if release is None:
        return {}, {}, None
    slugs = dict(session.exec(select(Area.id, Area.slug).where(Area.campaign_id == campaign.id)).all())
    prefix = f"{survey}/" if survey else ""
    areas = {}
    for key, c in release.counts.items():
        if ":" in key or not key.startswith(prefix) or "/" in key.removeprefix(prefix):
            continue  # another version's, or a cell kept back or only seen
        area = key.removeprefix(prefix)
        if area != CONSENSUS and int(area) in slugs:
            areas[slugs[int(area)]] = c
    return areas, release.counts.get(cell_key(survey, CONSENSUS), {}), release


def add_counts(cells: list[Counts]) -> Counts:
    """The sum of several cells' counts."""
    out: Counts = {}
    for cell in cells:
        for theme, c in cell.items():
            for score, v in enumerate(c):
                add_to(out, theme, score, v)
    return out


__all__ = ["Protected", "add_counts", "cut", "latest", "protect", "protect_cell", "released",
           "threshold"]


def cut_due() -> int:
    """Cut the releases that are due for every campaign with public results; returns how many.

    Run by the housekeeping middleware every few minutes in each worker: `cut` decides whether
    anything may change, and two workers at once store one release.
    """
    with read_only() as session:
        ids = list(session.exec(select(Campaign.id).where(
            col(Campaign.results_public), col(Campaign.public_slug).is_not(None))))
    made = 0
    for campaign_id in ids:
        with unit_of_work() as session:
            campaign = session.get(Campaign, campaign_id)
            made += campaign is not None and cut(session, campaign) is not None
    return made
