"""What a workshop shows, read from the results and bylab domains (never aggregated here).

Every figure comes from `app.results` (summaries, breakdowns with small groups hidden, the
compass renderer) and every idea count from `app.ideas`; this module only picks and orders.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from app.ideas.service import support_counts
from app.models import Area, Campaign
from app.models.ideas import Idea
from app.models.results import NO_GROUP
from app.models.workshops import Workshop, WorkshopFigure
from app.results import compass, population
from app.results.breakdowns import Group, breakdown
from app.results.service import approved_comments, min_group, points_of, theme_summary
from app.results.stats import ThemeStat
from app.results.summary import compare_series, option_labels, summary, theme_names
from app.workshops import service
from app.workshops.vocab import COMPARISONS, QUOTES_PER_THEME

Gettext = Callable[[str], str]


@dataclass
class CampaignView:
    """One campaign as the workshop shows it: its compasses and who answered."""

    campaign: Campaign
    names: list[str]
    compasses: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    representation: population.Representation | None = None
    band_labels: dict[str, str] = field(default_factory=dict)
    k: int = 5


def _labels(session: Session, campaign: Campaign, _: Gettext) -> dict[str, str]:
    names = dict(session.exec(select(Area.slug, Area.name).where(Area.campaign_id == campaign.id)).all())
    return {**names, NO_GROUP: _("Answers without a group"), "consensus": _("Group consensus"),
            "previous": _("Previous round"), "this": _("This round")}


def _previous(session: Session, campaign: Campaign) -> Campaign | None:
    prev = session.get(Campaign, campaign.previous_campaign_id) if campaign.previous_campaign_id else None
    return prev if prev is not None and prev.organisation_id == campaign.organisation_id else None


def series_for(session: Session, workshop: Workshop, campaign: Campaign, compare: str,
               _: Gettext) -> list[Group]:
    """The compass series of one comparison; area comparisons keep only the chosen areas."""
    labels = _labels(session, campaign, _)
    chosen = service.areas_for(workshop, campaign)
    area = chosen[0] if compare == "round" and len(chosen) == 1 else None
    groups = compare_series(session, campaign, compare, area, labels, _previous(session, campaign))
    if compare == "area":
        groups = [g for g in groups if g.key in chosen or g.key == "consensus"]
    return groups


def compass_svg(campaign: Campaign, groups: list[Group], lang: str, title: str) -> str:
    # A hidden group has no line to draw; the table beside the compass still names it as hidden.
    lines = [compass.Series(g.label, [t.mean for t in g.themes]) for g in groups if not g.hidden]
    return compass.render(theme_names(campaign, lang), lines, title, points=points_of(campaign))


def campaign_views(session: Session, workshop: Workshop, lang: str, _: Gettext) -> list[CampaignView]:
    """Per campaign: a compass per chosen comparison, areas' sizes, groups and age representation.

    `_` is the reader's gettext, given by the page that shows the result."""
    out = []
    for campaign in service.campaigns_of(session, workshop):
        view = CampaignView(campaign, theme_names(campaign, lang), k=min_group(campaign))
        for compare in service.compare_keys(workshop) or ["area"]:
            if compare == "round" and _previous(session, campaign) is None:
                continue
            groups = series_for(session, workshop, campaign, compare, _)
            title = _("Compass: %(title)s (1 in the centre, 7 at the rim)") % {"title": campaign.title}
            view.compasses.append({"compare": compare, "label": _(COMPARISONS[compare]), "groups": groups,
                                   "svg": compass_svg(campaign, groups, lang, title)})
        names = _labels(session, campaign, _)
        for slug in service.areas_for(workshop, campaign):
            view.areas.append({"slug": slug, "name": names.get(slug, slug),
                               "n": summary(session, campaign, slug).n})
        view.groups = [g for g in breakdown(session, campaign, "group", labels=names)]
        view.representation = population.representation(session, campaign)
        view.band_labels = option_labels(campaign, "age_band", lang)
        out.append(view)
    return out


def theme_rows(view: CampaignView, theme_index: int) -> list[tuple[str, ThemeStat, bool]]:
    """(series label, figures of the theme, hidden) for every series of every compass shown."""
    rows, seen = [], set()
    for c in view.compasses:
        for g in c["groups"]:
            if (c["compare"], g.key) in seen:
                continue
            seen.add((c["compare"], g.key))
            stat = g.themes[theme_index]
            rows.append((g.label, stat, g.hidden or stat.hidden))
    return rows


def distributions(session: Session, workshop: Workshop, view: CampaignView, theme: str) -> list[dict]:
    """The 1-7 score distribution of a theme in each chosen area (hidden when too small)."""
    out = []
    for area in view.areas:
        stat = next(t for t in theme_summary(session, view.campaign, area["slug"]) if t.theme == theme)
        out.append({"name": area["name"], "stat": stat, "svg": None if stat.hidden else bars(stat.histogram)})
    return out


def bars(histogram: list[int], width: int = 560, height: int = 200) -> str:
    """A small bar chart of a 1-7 histogram; decorative, the counts are printed beside it."""
    top = max(histogram) or 1
    step = width / 7
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 30}" '
             f'width="{width}" aria-hidden="true" font-family="sans-serif" font-size="18">']
    for i, n in enumerate(histogram):
        h = (height - 24) * n / top
        x = i * step + 6
        parts.append(f'<rect x="{x:.0f}" y="{height - h:.0f}" width="{step - 12:.0f}" height="{h:.0f}" '
                     f'fill="#0b5394"/><text x="{x + (step - 12) / 2:.0f}" y="{height + 24}" '
                     f'text-anchor="middle" fill="#1b1b1b">{i + 1}</text>')
        parts.append(f'<text x="{x + (step - 12) / 2:.0f}" y="{height - h - 6:.0f}" text-anchor="middle" '
                     f'fill="#1b1b1b">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def quote_key(campaign_id: int, area: str, theme: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{campaign_id}|{area}|{theme}|{kind}|{text}".encode()).hexdigest()[:16]


def offered_quotes(session: Session, workshop: Workshop) -> list[dict]:
    """Approved comments of the focus themes in the chosen areas; results hides small areas."""
    out = []
    for campaign in service.campaigns_of(session, workshop):
        assert campaign.id is not None
        for area in service.areas_for(workshop, campaign):
            for theme in workshop.themes:
                for kind in ("better", "good"):
                    for text in approved_comments(session, campaign, theme, kind, area_slug=area,
                                                  limit=QUOTES_PER_THEME):
                        out.append({"key": quote_key(campaign.id, area, theme, kind, text),
                                    "campaign_id": campaign.id, "area": area, "theme": theme,
                                    "kind": kind, "text": text})
    return out


def ideas_by_theme(session: Session, workshop: Workshop) -> tuple[dict[str, list[Idea]], list[Idea], dict]:
    """Chosen ideas per focus theme, the ideas linked to none, and support counts."""
    ideas = service.chosen_ideas(session, workshop)
    per: dict[str, list[Idea]] = {t: [i for i in ideas if t in i.themes] for t in workshop.themes}
    linked = {i.id for lst in per.values() for i in lst}
    supports = support_counts(session, [i.id for i in ideas])
    for lst in per.values():
        lst.sort(key=lambda i: (-supports.get(i.id, 0), i.title))
    return per, [i for i in ideas if i.id not in linked], supports


def figures_of(session: Session, workshop: Workshop) -> list[WorkshopFigure]:
    stmt = select(WorkshopFigure).where(WorkshopFigure.workshop_id == workshop.id).order_by(
        col(WorkshopFigure.position), col(WorkshopFigure.id))
    return list(session.exec(stmt))
