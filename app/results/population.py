"""Who is missing: population counts per area, shares against respondents, weighted means.

Weighting is post-stratification on age band within each area (the profile tallies hold the
scores per age band, so it stays fast at any size): each answering age band counts with its
population share. Respondents who gave no age band are left out of the weighted figures.
Effective sample size is Kish's (sum w)^2 / sum w^2.

Every figure here is worked out from the breakdown as the disclosure module shows it (hidden
bands stay hidden, and count together as one band), so nothing here reveals more than it does.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from app.common.errors import field_error, invalid
from app.common.text import MAX_ID, is_digits
from app.models import Area, Campaign
from app.models.results import PopulationCount
from app.results.breakdowns import protected
from app.results.service import area_id, points_of, themes_of
from app.surveys.definitions import PREFER_NOT, get_survey

HEADER = ["area", "age_band", "gender", "count"]
GENDERS = {"female": "female", "kvinner": "female", "k": "female", "male": "male", "menn": "male",
           "m": "male", "other": "other", "total": "total", "alle": "total"}


def _same(text: str) -> str:
    return text


@dataclass
class Line:
    """One data line of a population CSV, split and trimmed but not yet checked."""

    number: int
    cells: list[str]


def parse_csv(raw: bytes, _: Callable[[str], str] = _same) -> list[Line]:
    """Decode and split a population CSV (no database work: it runs before the write begins);
    problems with the file as a whole raise at once."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid([field_error("file", _("The file must be UTF-8 text."))]) from None
    dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows or [h.strip().lower() for h in rows[0]] != HEADER:
        raise invalid([field_error("file", _("The first line must be: area, age_band, gender, count."))])
    return [Line(n, [c.strip() for c in row]) for n, row in enumerate(rows[1:], start=2)
            if any(c.strip() for c in row)]


def check_rows(
    session: Session, campaign: Campaign, lines: list[Line], _: Callable[[str], str] = _same,
) -> list[dict]:
    """Rows to store from parsed lines; every problem is reported at once with its line number."""
    areas = dict(session.exec(select(Area.slug, Area.id).where(Area.campaign_id == campaign.id)).all())
    survey = get_survey(campaign.survey_slug)
    q = survey.profile_question("age_band") if survey else None
    bands = (q.values - {PREFER_NOT}) if q else set()
    errors, out, seen = [], [], set()
    for line in lines:
        if len(line.cells) != 4:
            message = _("Line %(line)s: expected 4 values, found %(found)s.")
            errors.append(field_error("file", message % {"line": line.number, "found": len(line.cells)}))
            continue
        area, band, given, count = line.cells
        gender = GENDERS.get(given.lower(), "")
        problems = []
        if area not in areas:
            problems.append(_("unknown area '%(value)s'") % {"value": area})
        if band not in bands:
            problems.append(_("unknown age band '%(value)s'") % {"value": band})
        if not gender:
            problems.append(_("unknown gender '%(value)s'") % {"value": given})
        if not is_digits(count) or int(count) > MAX_ID:  # an integer column ends there
            problems.append(_("count '%(value)s' is not a whole number") % {"value": count})
        if (area, band, gender) in seen:
            problems.append(_("repeats an earlier line"))
        if problems:
            errors.append(field_error("file", _("Line %(line)s: %(problems)s.") % {
                "line": line.number, "problems": "; ".join(problems)}))
            continue
        seen.add((area, band, gender))
        out.append({"area_id": areas[area], "age_band": band, "gender": gender, "count": int(count)})
    if not out and not errors:
        errors.append(field_error("file", _("The file has no rows.")))
    if errors:
        raise invalid(errors[:20])
    return out


def replace_counts(session: Session, campaign: Campaign, rows: list[dict]) -> int:
    """Store a campaign's population counts, replacing the previous upload (the caller's
    transaction makes the swap atomic)."""
    assert campaign.id is not None
    session.exec(delete(PopulationCount).where(col(PopulationCount.campaign_id) == campaign.id))  # type: ignore[call-overload]
    if rows:
        session.execute(insert(PopulationCount), [{"campaign_id": campaign.id, **r} for r in rows])
    return len(rows)


@dataclass
class BandShare:
    band: str
    population: int
    pop_share: float
    respondents: int
    sample_share: float
    hidden: bool = False


@dataclass
class Representation:
    bands: list[BandShare]
    score: float  # 1 - half the summed share gaps: 100% when the sample mirrors the population
    unknown: int  # respondents without an answer to the question


def population_by(
    session: Session, campaign: Campaign, aid: int | None, question: str = "age_band",
) -> dict[str, int]:
    """Population per age band or per gender; rows for all genders ("total") count only when
    the file has no split by gender, so nobody is counted twice."""
    t = PopulationCount
    column = col(t.gender) if question == "gender" else col(t.age_band)
    stmt = select(column, t.gender, func.sum(t.count)).where(t.campaign_id == campaign.id)
    if aid is not None:
        stmt = stmt.where(t.area_id == aid)
    rows = session.exec(stmt.group_by(column, col(t.gender))).all()  # type: ignore[call-overload]
    split = any(g != "total" for _k, g, _n in rows)
    out: dict[str, int] = {}
    for key, gender, n in rows:
        if (gender == "total") == split:
            continue
        out[key] = out.get(key, 0) + int(n)
    out.pop("total", None)
    return out


def population_by_band(session: Session, campaign: Campaign, aid: int | None) -> dict[str, int]:
    return population_by(session, campaign, aid, "age_band")


def representation(
    session: Session, campaign: Campaign, area_slug: str | None = None, question: str = "age_band",
) -> Representation | None:
    """Respondents' shares per age band (or gender) against the population's; None without counts."""
    pop = population_by(session, campaign, area_id(session, campaign, area_slug), question)
    if not pop or sum(pop.values()) == 0:
        return None
    n_pop = sum(pop.values())
    table = protected(session, campaign, question, area_slug)
    resp = {b: n for b, (n, _figures) in table.parts.items()}
    # respondents outside the population's bands (not answered, prefer not to say) that are shown
    outside = sum(n for b, n in resp.items() if b not in pop and n is not None)
    n_known = (table.n or 0) - outside
    bands = []
    for b in sorted(pop):
        n = resp.get(b, 0)
        bands.append(BandShare(b, pop[b], pop[b] / n_pop, n or 0,
                               (n or 0) / n_known if n_known > 0 else 0.0, hidden=n is None))
    shown = [b for b in bands if not b.hidden]
    gap = sum(abs(b.sample_share - b.pop_share) for b in shown)
    if len(shown) < len(bands):  # the hidden bands together, which anyone can work out
        rest = n_known - sum(b.respondents for b in shown)
        gap += abs((rest / n_known if n_known > 0 else 0.0) - sum(b.pop_share for b in bands if b.hidden))
    return Representation(bands, round(1 - gap / 2, 3), outside)


@dataclass
class Weighted:
    theme: str
    mean: float | None
    n: int
    n_eff: float


def weighted_means(
    session: Session, campaign: Campaign, area_slug: str | None = None,
) -> list[Weighted] | None:
    """Post-stratified means per theme (age band), with Kish's effective sample size."""
    pop = population_by_band(session, campaign, area_id(session, campaign, area_slug))
    if not pop or sum(pop.values()) == 0:
        return None
    table = protected(session, campaign, "age_band", area_slug)
    scores = points_of(campaign).scores
    out = []
    for i, theme in enumerate(themes_of(campaign)):
        shown = {b: figures[i] for b, (_n, figures) in table.parts.items() if not figures[i].hidden}
        cells = {b: shown[b].histogram if b in shown else [0] * len(scores) for b in pop}
        cells = {b: h for b, h in cells.items() if sum(h) > 0}
        if not cells:
            out.append(Weighted(theme, None, 0, 0.0))
            continue
        p_total = sum(pop[b] for b in cells)
        n = sum(sum(h) for h in cells.values())
        # weight of one respondent in band b: population share / sample share
        w = {b: (pop[b] / p_total) / (sum(h) / n) for b, h in cells.items()}
        mean = sum(pop[b] / p_total * sum(s * c for s, c in zip(scores, h, strict=True)) / sum(h)
                   for b, h in cells.items())
        sw = sum(w[b] * sum(h) for b, h in cells.items())
        sw2 = sum(w[b] ** 2 * sum(h) for b, h in cells.items())
        out.append(Weighted(theme, round(mean, 2), n, round(sw * sw / sw2, 1)))
    return out
