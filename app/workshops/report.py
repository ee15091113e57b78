"""The workshop report: one context for the printable HTML page and the PDF made on the server."""

from typing import Any

from sqlmodel import Session

from app.admin.branding import brand_of
from app.config import ROOT
from app.ideas.vocab import ACTORS
from app.models.workshops import Workshop
from app.web.templating import environment, gettext_for
from app.workshops import content, deck, records, service, toolbox_slides, voting, youth
from app.workshops.vocab import OUTCOME_KINDS, PLANS

CSS = ROOT / "static" / "css" / "workshops.css"


def context(session: Session, workshop: Workshop, lang: str) -> dict[str, Any]:
    """Method, who took part and who is missing, compasses with tables, quotes, ideas, votes, outcome."""
    _ = gettext_for(lang)
    views = content.campaign_views(session, workshop, lang, _)
    per_theme, other, supports = content.ideas_by_theme(session, workshop)
    campaigns = [v.campaign for v in views]
    rounds = voting.rounds_of(session, workshop)
    options = voting.options_of(workshop, [i.id for i in service.chosen_ideas(session, workshop)])
    return {
        "workshop": workshop, "views": views, "themes": dict(service.theme_choices(campaigns, lang)),
        "ideas": [i for lst in per_theme.values() for i in lst] + other, "supports": supports,
        "quotes": workshop.quotes, "figures": content.figures_of(session, workshop),
        "rounds": deck.round_views(session, workshop, rounds, lang),
        "outcome": records.outcome_of(session, workshop), "plans": PLANS, "kinds": OUTCOME_KINDS,
        "actors": ACTORS, "options": deck.option_names(session, workshop, lang, options),
        "demo": any(c.is_demo for c in campaigns),
        "area_names": {a[0]: a[1] for a in service.area_choices(session, campaigns)},
        "statement": youth.statement_of(session, workshop),
        "open_outcomes": youth.open_outcomes(session, workshop),
        "sheets": toolbox_slides.sheets(session, workshop, lang, _),
        "dilemmas": toolbox_slides.dilemmas(session, workshop, lang),
        "choices": toolbox_slides.REPORT_CHOICES, "brand": brand_of(session, workshop.organisation_id),
    }


def pdf(ctx: dict[str, Any], lang: str) -> bytes:
    """The report as PDF, laid out by WeasyPrint from the same template (no browser needed).

    Needs no database: the route reads the context, ends its read, then lays out the pages."""
    import weasyprint  # imported here: loading Pango takes a moment and only this page needs it

    from app.i18n import LANGUAGES

    page = environment(lang).get_template("workshops/report.html").render(
        {**ctx, "lang": lang, "language": LANGUAGES[lang], "pdf": True, "offered": list(LANGUAGES)})
    css = weasyprint.CSS(string=CSS.read_text(encoding="utf-8"))
    return weasyprint.HTML(string=page).write_pdf(stylesheets=[css])  # type: ignore[no-any-return]
