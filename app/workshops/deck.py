"""The slides of a workshop, in order, and the vote totals shown live on the projector."""

from typing import Any

import segno
from sqlmodel import Session, col, select

from app.config import get_settings
from app.models.ideas import Idea
from app.models.workshops import VoteRound, Workshop
from app.results.service import themes_of
from app.web.templating import gettext_for
from app.workshops import content, service, toolbox_slides, voting


def option_names(session: Session, workshop: Workshop, lang: str, options: list[str]) -> dict[str, str]:
    """Readable names of vote options: theme names and idea titles (one query for all the ideas)."""
    themes = dict(service.theme_choices(service.campaigns_of(session, workshop), lang))
    idea_ids = [key for kind, _, key in (o.partition(":") for o in options) if kind != "t"]
    titles: dict[str, str] = {}
    if idea_ids:
        titles = dict(session.exec(select(Idea.id, Idea.title).where(col(Idea.id).in_(idea_ids))).all())
    names: dict[str, str] = {}
    for option in options:
        kind, _, key = option.partition(":")
        names[option] = themes.get(key, key) if kind == "t" else titles.get(key, key)
    return names


def join_url(workshop: Workshop) -> str:
    return f"{get_settings().base_url.rstrip('/')}/v/{workshop.code}"


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=8, dark="#000", light="#fff", omitsize=False)


def round_views(session: Session, workshop: Workshop, rounds: list[VoteRound],
                lang: str) -> list[dict[str, Any]]:
    """Each round's totals with names and bar widths (in SVG units, no inline style: CSP).

    A fixed number of queries however many rounds, ballots and ideas there are."""
    tallies = voting.totals(session, rounds)
    names = option_names(session, workshop, lang, list(dict.fromkeys(o for r in rounds for o in r.options)))
    out = []
    for vote_round in rounds:
        totals, voters, comments = tallies[vote_round.id]  # type: ignore[index]
        top = max((t.points for t in totals), default=0) or 1
        out.append({"round": vote_round, "totals": totals, "voters": voters, "comments": comments,
                    "names": {o: names[o] for o in vote_round.options},
                    "width": {t.option: round(600 * t.points / top) for t in totals}})
    return out


def round_view(session: Session, workshop: Workshop, vote_round: VoteRound | None,
               lang: str) -> dict[str, Any]:
    """One round's totals as round_views shows them; an empty view when there is no round yet."""
    if vote_round is None:
        return {"round": None, "totals": [], "voters": 0, "comments": [], "names": {}}
    return round_views(session, workshop, [vote_round], lang)[0]


def slides(session: Session, workshop: Workshop, lang: str) -> list[dict[str, Any]]:
    """Title, compasses, who answered, context figures, one slide per focus theme, ideas, the chosen
    worksheet summaries and dilemma sessions, voting."""
    _ = gettext_for(lang)
    views = content.campaign_views(session, workshop, lang, _)
    per_theme, other_ideas, supports = content.ideas_by_theme(session, workshop)
    themes = dict(service.theme_choices([v.campaign for v in views], lang))
    out: list[dict[str, Any]] = [{"kind": "title", "title": workshop.title, "views": views}]
    for view in views:
        for c in view.compasses:
            out.append({"kind": "compass", "title": f"{view.campaign.title}: {c['label']}", "view": view,
                        "compass": c})
    for view in views:
        out.append({"kind": "who", "title": _("Who answered, and who is missing: %(title)s") % {
            "title": view.campaign.title}, "view": view})
    figures = content.figures_of(session, workshop)
    if figures:
        out.append({"kind": "figures", "title": _("Context figures"), "figures": figures})
    for theme in workshop.themes:
        rows = []
        for view in views:
            slugs = themes_of(view.campaign)
            index = slugs.index(theme) if theme in slugs else None
            if index is None:
                continue
            rows.append({"view": view, "rows": content.theme_rows(view, index),
                         "dists": content.distributions(session, workshop, view, theme)})
        quotes = [q for q in workshop.quotes if q["theme"] == theme]
        out.append({"kind": "theme", "title": themes.get(theme, theme), "theme": theme, "campaigns": rows,
                    "quotes": quotes, "ideas": per_theme.get(theme, []), "supports": supports})
    if other_ideas:
        out.append({"kind": "ideas", "title": _("Other ideas from the bylab"), "ideas": other_ideas,
                    "supports": supports})
    for sheet in toolbox_slides.sheets(session, workshop, lang, _):
        out.append({"kind": "worksheet", "title": _("Sustainability assessment: %(name)s") % {
            "name": sheet.name}, "sheet": sheet, "choices": toolbox_slides.SLIDE_CHOICES})
    for d in toolbox_slides.dilemmas(session, workshop, lang):
        out.append({"kind": "dilemma", "title": _("Dilemma training: %(title)s") % {"title": d.title},
                    "dilemma": d})
    url = join_url(workshop)
    out.append({"kind": "vote", "title": _("Your priorities"), "url": url, "qr": qr_svg(url),
                "live": round_view(session, workshop, voting.current_round(session, workshop), lang)})
    return out
