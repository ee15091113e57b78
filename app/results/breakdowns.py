"""Breakdowns by area, mode, group label or profile question; the disclosure plan hides cells.

Every breakdown is a partition of its total (profile breakdowns include "not answered"); which of
its cells show is decided by the campaign's staff plan (`disclosure.staff_plan`), across every
breakdown and filter at once.
"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Area, Campaign
from app.models.results import DONT_KNOW, NO_GROUP, RESPONSES, ProfileTally
from app.results import crossing, disclosure
from app.results.disclosure import add_to
from app.results.service import Counts, area_id, points_of, responses_in, staff_plan, tally_counts
from app.results.stats import ThemeStat
from app.surveys.definitions import get_survey

NOT_ANSWERED = crossing.NOT_ANSWERED
FIXED = crossing.FIXED


@dataclass
class Group:
    """One series of a breakdown; `hidden` groups show no figures at all."""

    key: str
    label: str
    n: int | None
    themes: list[ThemeStat]
    hidden: bool = False

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "n": self.n, "hidden": self.hidden,
                "themes": [t.as_dict() for t in self.themes]}


def dimensions(campaign: Campaign, version: str | None = None) -> list[str]:
    """What a campaign (or one survey version of it) can be broken down by."""
    survey = get_survey(version or campaign.survey_slug)
    return [*FIXED, *(q.key for q in (survey.profile if survey else []))]


def _profile_counts(session: Session, campaign_id: int, question: str, area: int | None) -> dict[str, Counts]:
    t = ProfileTally
    stmt = select(t.value, t.theme, t.score, func.sum(t.count)).where(  # the campaign's own survey
        t.campaign_id == campaign_id, t.survey == "", t.question == question)
    if area is not None:
        stmt = stmt.where(t.area_id == area)
    out: dict[str, Counts] = {}
    grouped = stmt.group_by(col(t.value), col(t.theme), col(t.score))
    for value, theme, score, n in session.connection().execute(grouped):
        add_to(out.setdefault(value, {}), theme, score, int(n))
    return out


def _minus(total: Counts, parts: list[Counts]) -> Counts:
    """The remainder of a total after its parts (the people who did not answer a question)."""
    rest = {theme: list(c) for theme, c in total.items()}
    for part in parts:
        for theme, c in part.items():
            for score, v in enumerate(c):
                add_to(rest, theme, score, -v)
    return rest


def raw_groups(
    session: Session, campaign: Campaign, by: str, area_slug: str | None = None,
    mode: str | None = None,
) -> dict[str, Counts]:
    """Counts per group of a breakdown, before any hiding."""
    assert campaign.id is not None
    aid = area_id(session, campaign, area_slug)
    if by in FIXED:
        column = {"area": "area_id", "mode": "mode", "group": "group_label"}[by]
        got = tally_counts(session, campaign.id, area=aid, mode=mode, by=column)
        if by == "area":
            stmt = select(Area.id, Area.slug).where(Area.campaign_id == campaign.id)
            names = dict(session.exec(stmt).all())
            return {names[k]: v for k, v in got.items()}  # type: ignore[index]
        return {str(k): v for k, v in got.items()}
    if by not in dimensions(campaign):
        raise LookupError(by)
    if mode is not None:
        raise ValueError("mode")
    parts = _profile_counts(session, campaign.id, by, aid)
    total = tally_counts(session, campaign.id, area=aid).get(None, {})
    rest = _minus(total, list(parts.values()))
    if responses_in(rest) > 0:
        parts[NOT_ANSWERED] = rest
    width = points_of(campaign).width
    for counts in parts.values():  # lists as wide as the survey's scale, whichever scores came
        for c in counts.values():
            c.extend([0] * (width - len(c)))
    return parts


def breakdown(
    session: Session, campaign: Campaign, by: str, area_slug: str | None = None,
    mode: str | None = None, labels: dict[str, str] | None = None,
) -> list[Group]:
    """A breakdown as series, in a stable order, with small cells hidden."""
    return groups_of(protected(session, campaign, by, area_slug, mode), labels)


def protected(
    session: Session, campaign: Campaign, by: str, area_slug: str | None = None, mode: str | None = None,
    version: str | None = None,
) -> disclosure.Protected:
    """A breakdown and its total as the campaign's staff plan shows them (the plan decides every
    staff cell at once, so no two breakdowns can be differenced); `version`: one survey version."""
    area_id(session, campaign, area_slug)  # an unknown area is a LookupError
    if by not in dimensions(campaign, version):
        raise LookupError(by)
    if by not in FIXED and mode is not None:
        raise ValueError("mode")
    plan = staff_plan(session, campaign, version=version)
    where = crossing.cell(area=area_slug, mode=mode)
    n, themes = plan.figures(where)
    parts = {v: plan.figures(where | {(by, v)}) for v in plan.values(where, by)}
    return disclosure.Protected(n, themes, parts)


def groups_of(table: disclosure.Protected, labels: dict[str, str] | None = None) -> list[Group]:
    """The parts of a protected table as series, in a stable order."""
    out = []
    for key in sorted(table.parts, key=lambda g: (g == NOT_ANSWERED, g)):
        n, figures = table.parts[key]
        out.append(Group(key, (labels or {}).get(key, key), n, figures, hidden=n is None))
    return out


def group_key(label: str | None) -> str:
    """The breakdown key of a session group label."""
    return label or NO_GROUP


__all__ = ["DONT_KNOW", "RESPONSES", "Group", "breakdown", "dimensions", "groups_of", "protected"]
