"""The summary payload (API, pages, exports) and the series a compass compares."""

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Campaign
from app.models.responses import MODES
from app.results.breakdowns import NOT_ANSWERED, Group, breakdown, dimensions
from app.results.service import (
    area_id,
    consensus_summary,
    min_group,
    responses_in,
    series,
    tally_counts,
    theme_summary,
    themes_of,
)
from app.results.stats import ThemeStat, hidden
from app.surveys.definitions import get_survey

COMPARE = ("area", "mode", "group", "round")


@dataclass
class Summary:
    n: int | None
    themes: list[ThemeStat]
    groups: list[Group]

    def as_dict(self, campaign: Campaign) -> dict:
        return {"campaign": campaign.slug, "n": self.n, "themes": [t.as_dict() for t in self.themes],
                "groups": [g.as_dict() for g in self.groups]}


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


def summary(session: Session, campaign: Campaign, area: str | None = None, mode: str | None = None,
            group_by: str | None = None) -> Summary:
    """Totals for the filter and, with `group_by`, one hidden-aware series per group."""
    assert campaign.id is not None
    aid = area_id(session, campaign, area)
    counts = tally_counts(session, campaign.id, area=aid, mode=mode).get(None, {})
    k, themes = min_group(campaign), themes_of(campaign)
    n = responses_in(counts)
    stats = [hidden(t) for t in themes] if n < k else series(counts, themes, k)
    groups = breakdown(session, campaign, group_by, area, mode) if group_by else []
    return Summary(n if n >= k else None, stats, groups)


def theme_names(campaign: Campaign, lang: str) -> list[str]:
    """Theme names in a language, in the standard order."""
    survey = get_survey(campaign.survey_slug)
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
            if c is not None:
                stats = theme_summary(session, c, area if c is campaign else None)
                out.append(Group(c.slug, f"{label}: {c.title}", None, stats, all(s.hidden for s in stats)))
    else:
        out = breakdown(session, campaign, compare, area, labels=labels)
    consensus = consensus_summary(session, campaign, area)
    if any(s.n for s in consensus):
        out.append(Group("consensus", labels["consensus"], None, consensus))
    return out


__all__ = ["COMPARE", "NOT_ANSWERED", "Summary", "check_params", "compare_series", "summary"]
