"""What the results report shows, read once through the results services in the route's short read.

Every figure comes from the campaign's staff disclosure plan, the same one the staff pages use
(so no group under k shows, and no two tables can be differenced). Numbers are formatted here, in
the report's language (Babel), so the PDF and the DOCX print the same strings."""

import base64
from collections.abc import Callable
from typing import Any

from babel.numbers import format_decimal, format_percent
from sqlmodel import Session

from app.admin.branding import brand_of
from app.campaigns.service import areas_of
from app.i18n import LANGUAGES, babel_locale, decimal
from app.i18n.catalogs import translations
from app.models import Campaign
from app.models.common import utcnow
from app.results import compass, population, service
from app.results.breakdowns import NOT_ANSWERED, dimensions
from app.results.stats import ThemeStat
from app.results.summary import option_labels, summary, theme_names
from app.surveys.definitions import get_survey

QUOTES_PER_KIND = 3


class Numbers:
    """Numbers written in one language: decimal comma in nb/nn/uk/se, grouping as the locale does."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "nb"
        self.locale = babel_locale(self.lang)

    def count(self, n: int | None) -> str:
        return "–" if n is None else format_decimal(n, "#,##0", locale=self.locale)

    def score(self, value: float | None) -> str:
        return "–" if value is None else decimal(value, self.lang)

    def share(self, value: float | None) -> str:
        return "–" if value is None else format_percent(value, "#,##0 %", locale=self.locale)


def _rows(stats: list[ThemeStat], names: dict[str, str], num: Numbers) -> list[dict[str, Any]]:
    return [
        {"theme": names.get(s.theme, s.theme), "hidden": s.hidden,
         "n": num.count(s.n), "mean": num.score(None if s.hidden else s.mean),
         "median": num.score(None if s.hidden else s.median)}
        for s in stats
    ]


def _dimension_labels(campaign: Campaign, by: str, lang: str) -> dict[str, str]:
    _ = translations(lang).gettext
    fixed = {"survey": _("Survey"), "walk": _("Walk and talk"), "workshop": _("Workshop"),
             "paper": _("Paper form"), "": _("No group"), NOT_ANSWERED: _("Not answered")}
    return {**fixed, **(option_labels(campaign, by, lang) if by not in ("mode", "group") else {})}


def _dimension_names(campaign: Campaign, lang: str) -> dict[str, str]:
    _ = translations(lang).gettext
    names = {"mode": _("Ways of answering"), "group": _("Focus groups and sessions")}
    survey = get_survey(campaign.survey_slug)
    for q in survey.profile if survey else []:
        names[q.key] = q.label.get(lang) or q.label[survey.default_locale]  # type: ignore[union-attr]
    return names


def breakdowns(session: Session, campaign: Campaign, lang: str, names: dict[str, str],
               num: Numbers) -> list[dict[str, Any]]:
    """Each breakdown but area (the area sections show those) with at least two groups: theme means
    per shown group; groups the plan hides are only named."""
    out = []
    titles = _dimension_names(campaign, lang)
    for by in dimensions(campaign):
        if by == "area":
            continue
        groups = summary(session, campaign, group_by=by).groups
        if len(groups) < 2:
            continue
        labels = _dimension_labels(campaign, by, lang)
        shown = [g for g in groups if not g.hidden]
        rows = [
            {"theme": names.get(theme, theme),
             "means": [num.score(None if g.themes[i].hidden else g.themes[i].mean) for g in shown]}
            for i, theme in enumerate(service.themes_of(campaign))
        ]
        out.append({
            "title": titles.get(by, by),
            "groups": [{"label": labels.get(g.key, g.key), "n": num.count(g.n)} for g in shown],
            "hidden": [labels.get(g.key, g.key) for g in groups if g.hidden],
            "rows": rows,
        })
    return out


def represented(session: Session, campaign: Campaign, lang: str, num: Numbers) -> dict[str, Any] | None:
    """Respondents against the population per age band (population.representation), or None."""
    rep = population.representation(session, campaign)
    if rep is None:
        return None
    labels = option_labels(campaign, "age_band", lang)
    return {
        "score": num.share(rep.score),
        "unknown": num.count(rep.unknown),
        "bands": [{"band": labels.get(b.band, b.band), "population": num.count(b.population),
                   "pop_share": num.share(b.pop_share),
                   "respondents": None if b.hidden else num.count(b.respondents),
                   "sample_share": None if b.hidden else num.share(b.sample_share)} for b in rep.bands],
    }


def compass_svg(campaign: Campaign, lang: str, series: list[compass.Series]) -> str:
    """The compass of the whole campaign and each area that shows, on the campaign's scale."""
    _ = translations(lang).gettext
    points = service.points_of(campaign)
    title = _("Compass: %(title)s (%(low)s in the centre, %(high)s at the rim)") % {
        "title": campaign.title, "low": points.low, "high": points.high}
    return compass.render(theme_names(campaign, lang), series, title, 720, points, "report-compass")


def data(session: Session, campaign: Campaign, lang: str) -> dict[str, Any]:
    """Everything the report shows, as plain values (strings already in the report's language)."""
    _: Callable[[str], str] = translations(lang).gettext
    num = Numbers(lang)
    names = dict(zip(service.themes_of(campaign), theme_names(campaign, lang), strict=False))
    brand = brand_of(session, campaign.organisation_id)
    parts: list[tuple[str | None, list[ThemeStat]]] = [(None, service.theme_summary(session, campaign))]
    parts += [(a.name, service.theme_summary(session, campaign, a.slug)) for a in areas_of(session, campaign)]
    whole = summary(session, campaign)
    series = [
        compass.Series(area or _("The whole campaign"), [None if s.hidden else s.mean for s in stats])
        for area, stats in parts
        if any(not s.hidden and s.mean is not None for s in stats)
    ]
    svg = compass_svg(campaign, lang, series) if series else ""
    quotes = [
        {"theme": names.get(theme, theme), "good": kinds["good"], "better": kinds["better"]}
        for theme, kinds in service.approved_by_theme(session, campaign, QUOTES_PER_KIND).items()
        if kinds["good"] or kinds["better"]
    ]
    return {
        "title": campaign.title,
        "organisation": brand.name,
        "logo": brand.logo_data_uri,
        "logo_png": brand.logo_png,
        "accent": brand.accent,
        "answers": num.count(whole.n),
        "k": num.count(service.min_group(campaign)),
        "compass_svg": svg,
        "compass_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if svg else "",
        "sections": [{"area": area, "rows": _rows(stats, names, num)} for area, stats in parts],
        "breakdowns": breakdowns(session, campaign, lang, names, num),
        "population": represented(session, campaign, lang, num),
        "quotes": quotes,
        "made": utcnow().date().isoformat(),
        "demo": campaign.is_demo,
    }
