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

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.models import Answer, Area, Campaign, Response
from app.models.responses import ProfileAnswer
from app.models.results import DONT_KNOW, NO_GROUP, RESPONSES
from app.results.stats import ThemeStat, hidden, stat

NOT_ANSWERED = "not_answered"
FIXED = ("area", "mode", "group")
Counts = dict[str, list[int]]
Cell = frozenset[tuple[str, str]]  # (dimension, value) pairs: the atoms that match them all


@dataclass
class Plan:
    """Atoms of a campaign's live responses and the cells shown per measure."""

    dims: tuple[str, ...]
    atoms: list[tuple[str, ...]]
    counts: list[Counts]
    themes: list[str]
    k: int
    shown: dict[str, set[Cell]] = field(default_factory=dict)  # measure -> cells shown

    def members(self, cell: Cell) -> list[int]:
        index = {d: i for i, d in enumerate(self.dims)}
        return [a for a, key in enumerate(self.atoms) if all(key[index[d]] == v for d, v in cell)]

    def values(self, cell: Cell, by: str) -> list[str]:
        """The values of `by` present among the atoms of a cell."""
        i = self.dims.index(by)
        return sorted({self.atoms[a][i] for a in self.members(cell)})

    def figures(self, cell: Cell) -> tuple[int | None, list[ThemeStat]]:
        """(n, theme figures) of one cell; None and hidden figures when it may not be shown."""
        atoms = self.members(cell)
        if not atoms:
            return 0, [stat(t, [0] * 7, 0) for t in self.themes]
        if cell not in self.shown.get(RESPONSES, set()):
            return None, [hidden(t) for t in self.themes]
        n = sum(self.counts[a].get(RESPONSES, [0])[DONT_KNOW] for a in atoms)
        out = []
        for theme in self.themes:
            if cell not in self.shown.get(theme, set()):
                out.append(hidden(theme))
                continue
            c = [0] * 8
            for a in atoms:
                for i, v in enumerate(self.counts[a].get(theme, ())):
                    c[i] += v
            out.append(stat(theme, c[1:], c[DONT_KNOW]))
        return n, out


def cell(**filters: str | None) -> Cell:
    """The cell of a filter (None: not filtered on that dimension)."""
    return frozenset((d, v) for d, v in filters.items() if v is not None)


def _small(answers: int, scores: int, k: int) -> bool:
    return 0 < answers < k or 0 < scores < k


def _weights(plan: Plan, measure: str) -> list[tuple[int, int]]:
    """(answers, scores) of every atom in a measure (responses count as both)."""
    if measure == RESPONSES:
        return [(n, n) for n in (c.get(RESPONSES, [0])[DONT_KNOW] for c in plan.counts)]
    return [(sum(c.get(measure, ())), sum(c.get(measure, [0])[1:])) for c in plan.counts]


def accept(patterns: list[list[tuple[Cell, list[int]]]], weights: list[tuple[int, int]],
           k: int) -> set[Cell]:
    """The cells that keep every region at 0 or at least k (see the module's rule), taken pattern
    by pattern and, within one, largest first (so a small cell's smallest neighbour is hidden)."""
    everyone = [a for a, (answers, _s) in enumerate(weights) if answers > 0]
    total = (sum(weights[a][0] for a in everyone), sum(weights[a][1] for a in everyone))
    if _small(*total, k):
        return set()
    regions = [everyone] if everyone else []
    shown: set[Cell] = set()
    def size(item: tuple[Cell, list[int]]) -> tuple[int, list]:
        return -sum(weights[a][0] for a in item[1]), sorted(item[0])

    for c, members in (item for cells in patterns for item in sorted(cells, key=size)):
        inside = set(members)
        split, ok = [], True
        for region in regions:
            a = [x for x in region if x in inside]
            b = [x for x in region if x not in inside]
            for part in (a, b):
                if part and _small(sum(weights[x][0] for x in part), sum(weights[x][1] for x in part), k):
                    ok = False
            split += [p for p in (a, b) if p]
            if not ok:
                break
        if ok:
            regions = split
            shown.add(c)
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
              themes: list[str], k: int) -> Plan:
    """Decide, for the responses and every theme, which cells staff may see."""
    plan = Plan(dims, atoms, counts, themes, k)
    candidates: list[list[tuple[Cell, list[int]]]] = []
    for pattern in patterns(dims):
        index = [dims.index(d) for d in pattern]
        keyed = sorted((tuple(key[i] for i in index), a) for a, key in enumerate(atoms))
        candidates.append([(frozenset(zip(pattern, values, strict=True)), [a for _v, a in group])
                           for values, group in groupby(keyed, key=lambda x: x[0])])
    plan.shown[RESPONSES] = accept(candidates, _weights(plan, RESPONSES), k)
    with_n = [[(c, m) for c, m in cells if c in plan.shown[RESPONSES]] for cells in candidates]
    for theme in themes:
        plan.shown[theme] = accept(with_n, _weights(plan, theme), k)
    return plan


def load(session: Session, campaign: Campaign, questions: list[str], themes: list[str], k: int,
         consensus: bool = False) -> Plan:
    """The plan of a campaign's live individual responses (or its group consensus answers, by area
    only), read from the responses themselves in two grouped statements."""
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
        return stmt.where(r.campaign_id == campaign.id, r.is_consensus == consensus)

    counts: dict[tuple[str, ...], Counts] = {}
    width = len(keys)

    def key_of(row: tuple) -> tuple[str, ...]:
        full = tuple(str(v) for v in row[:width])
        return full if not consensus else full[:1]

    n_stmt = base(func.count()).group_by(*keys)
    for row in session.connection().execute(n_stmt):
        counts.setdefault(key_of(row), {}).setdefault(RESPONSES, [0] * 8)[DONT_KNOW] += int(row[-1])
    score = func.coalesce(col(Answer.score), DONT_KNOW)
    a_stmt = (base(col(Answer.theme), score, func.count())
              .join(Answer, col(Answer.response_id) == r.id).group_by(*keys, col(Answer.theme), score))
    for row in session.connection().execute(a_stmt):
        theme, s, n = row[width], int(row[width + 1]), int(row[width + 2])
        counts.setdefault(key_of(row), {}).setdefault(theme, [0] * 8)[s] += n
    atoms = sorted(counts)
    return make_plan(dims, atoms, [counts[a] for a in atoms], themes, k)
