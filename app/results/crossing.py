"""Staff figures across every dimension staff can combine: one plan decides every cell shown.

Staff can filter by area and mode and break down by area, mode, group or any profile question,
so the cells they see cross each other (area x age band, mode x group, ...). Hiding small cells
table by table is not enough then: two tables with different filters can be differenced. So the
live figures are worked out from atoms, the finest cells (area, mode, group, every profile answer),
and one plan per campaign decides which cells may be shown, for the response counts and for every
theme's answers and scores.

The rule (`accept`): the cells shown cut the atoms into regions (atoms that lie in exactly the same
shown cells). Any combination of shown figures that counts whole people counts a union of regions
(it cannot tell apart atoms that every shown figure counts alike), so when every region holds 0 or
at least k, nothing under k comes back, however the figures are added and subtracted. Cells are
taken in a fixed order (total, areas, modes, groups, profile answers, then crossed cells) and a
cell is shown only when it leaves every region at 0 or at least k; else it is hidden. Hiding more
only removes figures, so a plan is safe whatever else is hidden afterwards.
"""

from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import false, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.models import Answer, Area, Campaign, Response
from app.models.responses import ProfileAnswer
from app.models.results import DONT_KNOW, NO_GROUP, RESPONSES
from app.results.stats import Points, ThemeStat, hidden, of_counts

NOT_ANSWERED = "not_answered"
FIXED = ("area", "mode", "group")
Counts = dict[str, list[int]]
Cell = frozenset[tuple[str, str]]  # (dimension, value) pairs: the atoms that match them all


@dataclass
class Plan:
    """What staff may see of a campaign's live responses: the figures of every cell, worked out
    once (the atoms themselves are not kept)."""

    themes: list[str]
    points: Points
    cells: dict[Cell, tuple[int | None, list[ThemeStat]]] = field(default_factory=dict)

    def values(self, where: Cell, by: str) -> list[str]:
        """The values of `by` present among the responses of a cell."""
        dims = {d for d, _v in where} | {by}
        return sorted({dict(c)[by] for c in self.cells if c >= where and {d for d, _v in c} == dims})

    def figures(self, where: Cell) -> tuple[int | None, list[ThemeStat]]:
        """(n, theme figures) of one cell; None and hidden figures when it may not be shown."""
        return self.cells.get(where, (0, [of_counts(t, None, self.points) for t in self.themes]))


def cell(**filters: str | None) -> Cell:
    """The cell of a filter (None: not filtered on that dimension)."""
    return frozenset((d, v) for d, v in filters.items() if v is not None)


def _small(answers: int, scores: int, k: int) -> bool:
    return 0 < answers < k or 0 < scores < k


def _weights(counts: list[Counts], measure: str) -> list[tuple[int, int]]:
    """(answers, scores) of every atom in a measure (responses count as both)."""
    if measure == RESPONSES:
        return [(n, n) for n in (c.get(RESPONSES, [0])[DONT_KNOW] for c in counts)]
    return [(sum(c.get(measure, ())), sum(c.get(measure, [0])[1:])) for c in counts]


Candidates = list[list[tuple[Cell, list[int]]]]  # per pattern, its cells with their atoms


def accept(patterns: Candidates, weights: list[tuple[int, int]], k: int) -> set[Cell]:
    """The cells that keep every region at 0 or at least k (see the module's rule), taken pattern
    by pattern and, within one, largest first (so a small cell's smallest neighbour is hidden).

    Within one pattern the cells are disjoint, so each region only keeps a running remainder;
    the regions are renumbered after each pattern: time in proportion to patterns x atoms."""
    region = [0 if a > 0 else -1 for a, _s in weights]  # -1: outside this measure
    total_a, total_s = sum(a for a, _s in weights), sum(s for _a, s in weights)
    if _small(total_a, total_s, k):
        return set()
    sizes = {0: [total_a, total_s]}
    shown: set[Cell] = set()
    for cells in patterns:
        rest = {r: list(v) for r, v in sizes.items()}
        carved: dict[int, int] = {}  # atom -> index of the accepted cell it lies in
        ranked = sorted(cells, key=lambda item: (-sum(weights[x][0] for x in item[1]), sorted(item[0])))
        for index, (c, members) in enumerate(ranked):
            inside: dict[int, list[int]] = {}
            for x in members:
                r = region[x]
                if r >= 0:
                    acc = inside.setdefault(r, [0, 0])
                    acc[0] += weights[x][0]
                    acc[1] += weights[x][1]
            if any(_small(ia, is_, k) or _small(rest[r][0] - ia, rest[r][1] - is_, k)
                   for r, (ia, is_) in inside.items()):
                continue
            shown.add(c)
            for r, (ia, is_) in inside.items():
                rest[r][0] -= ia
                rest[r][1] -= is_
            for x in members:
                carved[x] = index
        if carved:
            renumber: dict[tuple[int, int], int] = {}
            sizes = {}
            for x, r in enumerate(region):
                if r < 0:
                    continue
                new = renumber.setdefault((r, carved.get(x, -1)), len(renumber))
                region[x] = new
                acc = sizes.setdefault(new, [0, 0])
                acc[0] += weights[x][0]
                acc[1] += weights[x][1]
    return shown


def patterns(dims: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The combinations of dimensions staff can ask for, coarse first (the order of `accept`)."""
    questions = [d for d in dims if d not in FIXED]
    fixed = [d for d in FIXED if d in dims]
    out: list[tuple[str, ...]] = [(), *((d,) for d in fixed), *((q,) for q in questions)]
    out += [p for p in (("area", "mode"), ("area", "group"), ("mode", "group")) if set(p) <= set(dims)]
    out += [("area", q) for q in questions if "area" in dims]
    out += [("area", "mode", "group")] if set(FIXED) <= set(dims) else []
    return out


def make_plan(dims: tuple[str, ...], atoms: list[tuple[str, ...]], counts: list[Counts],
              themes: list[str], k: int, points: Points) -> Plan:
    """Decide, for the responses and every theme, which cells staff may see, and their figures."""
    candidates: Candidates = []
    for pattern in patterns(dims):
        index = [dims.index(d) for d in pattern]
        keyed = sorted((tuple(key[i] for i in index), a) for a, key in enumerate(atoms))
        candidates.append([(frozenset(zip(pattern, values, strict=True)), [a for _v, a in group])
                           for values, group in groupby(keyed, key=lambda x: x[0])])
    with_n = accept(candidates, _weights(counts, RESPONSES), k)
    kept = [[(c, m) for c, m in cells if c in with_n] for cells in candidates]
    shown = {theme: accept(kept, _weights(counts, theme), k) for theme in themes}
    plan = Plan(themes, points)
    for cells in candidates:
        for c, members in cells:
            if c not in with_n:
                plan.cells[c] = (None, [hidden(t, points) for t in themes])
                continue
            figures = []
            for theme in themes:
                if c not in shown[theme]:
                    figures.append(hidden(theme, points))
                    continue
                rows = [counts[x][theme] for x in members if theme in counts[x]]
                h = [sum(column) for column in zip(*rows, strict=True)] if rows else None
                figures.append(of_counts(theme, h, points))
            plan.cells[c] = (sum(counts[x].get(RESPONSES, [0])[DONT_KNOW] for x in members), figures)
    return plan


def load(session: Session, campaign: Campaign, questions: list[str], themes: list[str], k: int,
         points: Points, consensus: bool = False, survey: str | None = None) -> Plan:
    """The plan of a campaign's live individual responses (or its group consensus answers, by area
    only), read from the responses themselves in two grouped statements; with `survey`, of the
    responses to that version only (a campaign may offer versions on different scales)."""
    r = Response
    questions = [] if consensus else questions  # consensus answers are split by area only
    prof = [aliased(ProfileAnswer, name=f"p{i}") for i in range(len(questions))]
    keys = [col(Area.slug), col(r.mode), func.coalesce(col(r.group_label), NO_GROUP),
            *(func.coalesce(p.value, NOT_ANSWERED) for p in prof)]
    dims = ("area", *(() if consensus else ("mode", "group", *questions)))

    def base(*extra):  # type: ignore[no-untyped-def]
        stmt = select(*keys, *extra).select_from(r).join(Area, col(Area.id) == r.area_id)
        for p, q in zip(prof, questions, strict=True):
            stmt = stmt.outerjoin(p, (col(p.response_id) == r.id) & (col(p.question) == q))
        stmt = stmt.where(r.campaign_id == campaign.id, r.is_consensus == consensus)
        if survey is None:
            return stmt
        # responses stored before versions existed answered the campaign's own survey
        main = col(r.survey_slug).is_(None) if survey == campaign.survey_slug else false()
        return stmt.where(or_(col(r.survey_slug) == survey, main))

    counts: dict[tuple[str, ...], Counts] = {}
    width = len(keys)

    def key_of(row: tuple) -> tuple[str, ...]:
        return tuple(row[:width]) if not consensus else (row[0],)

    n_stmt = base(func.count()).group_by(*keys)
    for row in session.connection().execute(n_stmt):
        counts.setdefault(key_of(row), {}).setdefault(RESPONSES, points.zeros())[DONT_KNOW] += int(row[-1])
    score = func.coalesce(col(Answer.score), DONT_KNOW)
    counted = (col(Answer.response_id) == r.id) & ~col(Answer.skipped)  # a skipped theme: in no count
    a_stmt = (base(col(Answer.theme), score, func.count())
              .join(Answer, counted).group_by(*keys, col(Answer.theme), score))
    for row in session.connection().execute(a_stmt):
        theme, s, n = row[width], int(row[width + 1]), int(row[width + 2])
        if theme in themes and (s == DONT_KNOW or s in points.scores):
            counts.setdefault(key_of(row), {}).setdefault(theme, points.zeros())[s] += n
    atoms = sorted(counts)
    return make_plan(dims, atoms, [counts[a] for a in atoms], themes, k, points)
