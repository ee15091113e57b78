"""The summary payload (API, pages, exports) and the series a compass compares."""

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Campaign
from app.models.disclosure import ResultRelease
from app.models.responses import MODES
from app.results import disclosure
from app.results.breakdowns import NOT_ANSWERED, Group, dimensions, groups_of, protected
from app.results.crossing import cell
from app.results.service import (
    area_id,
    consensus_summary,
    min_group,
    points_of,
    staff_plan,
    tally_key,
    theme_summary,
    themes_of,
)
from app.results.stats import Points, ThemeStat, hidden
from app.surveys.definitions import get_survey
from app.surveys.service import offered

COMPARE = ("area", "mode", "group", "round")
PUBLIC_GROUP_BY = ("area",)  # the public sees what the public page shows: areas, nothing finer


@dataclass
class Summary:
    n: int | None
    themes: list[ThemeStat]
    groups: list[Group]
    release: ResultRelease | None = None
    survey: str | None = None  # the survey (version) the figures are of, on its scale
    points: Points | None = None

    def as_dict(self, campaign: Campaign, public: bool = False) -> dict:
        out: dict[str, object] = {
            "campaign": campaign.slug, "n": self.n, "themes": [t.as_dict() for t in self.themes],
            "groups": [g.as_dict() for g in self.groups]}
        if self.survey is not None:  # one version of several: say which, and on what scale
            points = self.points or points_of(campaign, self.survey)
            out |= {"survey": self.survey, "scale": {"min": points.low, "max": points.high}}
        if public:
            r = self.release
            out["release"] = None if r is None else {
                "seq": r.seq, "responses": r.responses, "created_at": r.created_at.isoformat()}
        return out


def check_params(campaign: Campaign, area: str | None, mode: str | None, group_by: str | None,
                 areas: list[str]) -> list[tuple[str, str]]:
    """(field, message) for every parameter that does not fit the campaign."""
    errors = []
    if area is not None and area not in areas:
        errors.append(("area", f"Unknown area '{area}'."))
    if mode is not None and mode not in MODES:
        errors.append(("mode", f"Mode must be one of {', '.join(MODES)}."))
    if group_by is not None and group_by not in dimensions(campaign):
        errors.append(("group_by", f"group_by must be one of {', '.join(dimensions(campaign))}."))
    elif group_by not in (None, "area", "mode", "group") and mode is not None:
        errors.append(("mode", "A profile breakdown cannot be filtered by mode."))
    return errors


def check_public_params(area: str | None, mode: str | None, group_by: str | None,
                        areas: list[str]) -> list[tuple[str, str]]:
    """(field, message) for every parameter the public may not ask for or that does not fit."""
    errors = []
    if area is not None and area not in areas:
        errors.append(("area", f"Unknown area '{area}'."))
    if mode is not None:
        errors.append(("mode", "The published results are not split by mode; a staff token is required."))
    if group_by is not None and group_by not in PUBLIC_GROUP_BY:
        errors.append(("group_by", "The published results are split by area only; a staff token is "
                                   "required for other breakdowns."))
    return errors


def summary(session: Session, campaign: Campaign, area: str | None = None, mode: str | None = None,
            group_by: str | None = None, version: str | None = None) -> Summary:
    """Live totals for the filter (staff) and, with `group_by`, one series per group, as the
    campaign's staff plan shows them; `version`: of one survey version the campaign offers."""
    assert campaign.id is not None
    if version is None and len(offered(campaign)) > 1:
        version = campaign.survey_slug  # its own survey's figures, named as such
    if group_by:
        table = protected(session, campaign, group_by, area, mode, version)
        return Summary(table.n, table.themes, groups_of(table), survey=version)
    area_id(session, campaign, area)  # an unknown area is a LookupError
    n, figures = staff_plan(session, campaign, version=version).figures(cell(area=area, mode=mode))
    return Summary(n, figures, [], survey=version)


def public_summary(session: Session, campaign: Campaign, area: str | None = None,
                   group_by: str | None = None, labels: dict[str, str] | None = None,
                   version: str | None = None) -> Summary:
    """The published figures (the newest release): all areas or one, optionally split by area;
    `version`: of one survey version the campaign offers, on its own scale."""
    areas, _consensus, release = disclosure.released(session, campaign, tally_key(campaign, version))
    themes, points = themes_of(campaign, version), points_of(campaign, version)
    table = disclosure.protect(disclosure.add_counts(list(areas.values())), areas, themes,
                               min_group(campaign), points)
    if area is not None:  # one area is exactly its column of the by-area view
        n, figures = table.parts.get(area, (0, [hidden(t, points) for t in themes]))
        table = disclosure.Protected(n, figures, {area: (n, figures)})
    return Summary(table.n, table.themes, groups_of(table, labels) if group_by else [], release,
                   survey=version, points=points)


def public_series(
    session: Session, campaign: Campaign, labels: dict[str, str], version: str | None = None,
) -> tuple[Summary, list[Group]]:
    """The public page: the released total, areas laid over each other, group consensus apart
    (of one survey version with `version`)."""
    areas, consensus, release = disclosure.released(session, campaign, tally_key(campaign, version))
    themes, k, points = themes_of(campaign, version), min_group(campaign), points_of(campaign, version)
    table = disclosure.protect(disclosure.add_counts(list(areas.values())), areas, themes, k, points)
    groups = groups_of(table, labels)
    agreed = disclosure.protect_cell(consensus, themes, k, points)
    if consensus:
        groups.append(Group("consensus", labels["consensus"], None, agreed.themes, agreed.n is None))
    return Summary(table.n, table.themes, [], release, survey=version, points=points), groups


def theme_names(campaign: Campaign, lang: str, version: str | None = None) -> list[str]:
    """Theme names in a language, in the standard order (of one survey version with `version`)."""
    survey = get_survey(version or campaign.survey_slug)
    assert survey is not None
    return [t.name.get(lang) or t.name[survey.default_locale] for t in survey.themes]


def option_labels(campaign: Campaign, question: str, lang: str) -> dict[str, str]:
    """Labels of a profile question's options in a language."""
    survey = get_survey(campaign.survey_slug)
    q = survey.profile_question(question) if survey else None
    return {o.value: o.label.get(lang) or next(iter(o.label.values())) for o in (q.options if q else [])}


def compare_series(session: Session, campaign: Campaign, compare: str, area: str | None,
                   labels: dict[str, str], previous: Campaign | None = None) -> list[Group]:
    """The series laid over each other on a compass, plus group consensus as its own series."""
    if compare == "round":
        out = []
        for c, label in ((previous, labels["previous"]), (campaign, labels["this"])):
            # a round on another scale is never laid over this one: its figures mean other things
            if c is not None and (c is campaign or points_of(c) == points_of(campaign)):
                stats = theme_summary(session, c, area if c is campaign else None)
                out.append(Group(c.slug, f"{label}: {c.title}", None, stats, all(s.hidden for s in stats)))
    else:
        out = groups_of(protected(session, campaign, compare, area), labels)
    consensus = consensus_summary(session, campaign, area)
    if any(s.n or s.hidden for s in consensus):
        out.append(Group("consensus", labels["consensus"], None, consensus, all(s.hidden for s in consensus)))
    return out


__all__ = ["COMPARE", "NOT_ANSWERED", "Summary", "check_params", "check_public_params", "compare_series",
           "public_series", "public_summary", "summary"]
