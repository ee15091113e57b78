"""Campaigns that offer several versions of a survey (adults', youth, children's): each version's
figures on its own scale, and the versions side by side on the themes they share, never averaged
together (a 2 on a 3-point scale and a 2 on a 7-point scale say different things)."""

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Campaign
from app.results import crossing
from app.results.service import area_id, staff_plan, survey_of
from app.results.stats import Points, ThemeStat
from app.surveys.definitions import Survey
from app.surveys.service import offered


@dataclass
class VersionFigures:
    """One version's live staff figures, on its own scale."""

    survey: Survey
    points: Points
    n: int | None
    themes: list[ThemeStat]

    def stat(self, theme: str) -> ThemeStat | None:
        """The figures of one theme, if this version asks about it."""
        return next((t for t in self.themes if t.theme == theme), None)

    def as_dict(self) -> dict:
        return {"survey": self.survey.slug, "scale": {"min": self.points.low, "max": self.points.high},
                "n": self.n, "themes": [t.as_dict() for t in self.themes]}


def by_version(session: Session, campaign: Campaign, area: str | None = None) -> list[VersionFigures]:
    """Every version the campaign offers, its own survey first, each from its own disclosure plan."""
    area_id(session, campaign, area)  # an unknown area is a LookupError
    out = []
    for slug in offered(campaign):
        survey = survey_of(campaign, slug)
        n, figures = staff_plan(session, campaign, version=slug).figures(crossing.cell(area=area))
        out.append(VersionFigures(survey, Points.of(survey.scale), n, figures))
    return out


def shared_themes(versions: list[VersionFigures]) -> list[str]:
    """The themes every version asks about, in the first version's order."""
    if not versions:
        return []
    rest = [set(v.survey.theme_slugs) for v in versions[1:]]
    return [t for t in versions[0].survey.theme_slugs if all(t in r for r in rest)]


__all__ = ["VersionFigures", "by_version", "shared_themes"]
