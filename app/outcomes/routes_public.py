"""«Hva skjedde med innspillene?»: the public follow-up page per campaign and area, and its Atom feed."""

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.campaigns.access import published_campaign
from app.config import get_settings
from app.db import ReadSession
from app.i18n import negotiate
from app.models import Campaign, Organisation
from app.outcomes import feed, heard, reading
from app.outcomes.vocab import LEVELS, OPEN_STATUSES, PLAN_STEPS, SOURCE_KINDS, STATUSES
from app.results import compass
from app.results.service import points_of
from app.web.routing import Router
from app.web.templating import gettext_for, render

router = Router(prefix="/oppfolging", include_in_schema=False)


def _campaign(session: Session, slug: str) -> Campaign:
    """A published campaign (open or closed); a draft answers like an unknown address."""
    campaign = published_campaign(session, slug)
    if campaign is None:
        raise HTTPException(404, "Page not found")
    return campaign


def _page(request: Request, session: Session, campaign: Campaign, area: str | None) -> HTMLResponse:
    lang = negotiate(request, campaign.locales or None)
    _ = gettext_for(lang)
    areas = dict(reading.area_names(session, campaign))
    n, lines = heard.heard(session, campaign, lang, area)
    prev = heard.previous_round(session, campaign)
    svg = None
    if campaign.results_public and any(t.mean is not None for t in lines):
        series = [compass.Series(_("This round"), [t.mean for t in lines])]
        if prev is not None and any(t.change is not None for t in lines):
            series.insert(0, compass.Series(_("Previous round"), [
                None if t.mean is None or t.change is None else round(t.mean - t.change, 1) for t in lines]))
        points = points_of(campaign)
        title = _("Compass: %(title)s (%(low)s in the centre, %(high)s at the rim)") % {
            "title": campaign.title, "low": points.low, "high": points.high}
        svg = compass.render([t.name for t in lines], series, title, 480, points)
    found = reading.public_outcomes(session, campaign, lang, area)
    by_theme: dict[str, list] = {}  # the outcomes beside each theme's change since the last round
    for p in found:
        for s in p.sources:
            if s.kind == "theme":
                by_theme.setdefault(s.ref, []).append(p.outcome)
    return render(request, "outcomes/public.html", {
        "campaign": campaign, "demo": campaign.is_demo, "area": area, "area_name": areas.get(area or ""),
        "areas": areas, "n": n, "lines": lines, "svg": svg, "previous": prev, "outcomes": found,
        "open": [p for p in found if p.outcome.status in OPEN_STATUSES], "statuses": STATUSES,
        "plans": PLAN_STEPS, "levels": LEVELS, "kinds": SOURCE_KINDS,
        "next_round": heard.next_round(session, campaign), "by_theme": by_theme,
    }, lang=lang, offered=campaign.locales or None)


@router.get("/{slug}", response_class=HTMLResponse)
def campaign_page(request: Request, slug: str, session: ReadSession) -> HTMLResponse:
    """What was heard, what was decided and what comes next, for one campaign."""
    return _page(request, session, _campaign(session, slug), None)


@router.get("/{slug}/feed.atom")
def campaign_feed(request: Request, slug: str, session: ReadSession) -> Response:
    """Every public status change of the campaign's outcomes, newest first, as an Atom feed."""
    campaign = _campaign(session, slug)
    lang = negotiate(request, campaign.locales or None)
    found = reading.public_outcomes(session, campaign, lang)
    organisation = session.get(Organisation, campaign.organisation_id)
    body = feed.atom(campaign, found, lang, get_settings().base_url.rstrip("/"),
                     organisation.name if organisation else "Medvirk", gettext_for(lang))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/{slug}/{area}", response_class=HTMLResponse)
def area_page(request: Request, slug: str, area: str, session: ReadSession) -> HTMLResponse:
    """The same for one area: its figures, and the outcomes about it or about the whole campaign."""
    campaign = _campaign(session, slug)
    if area not in dict(reading.area_names(session, campaign)):
        raise HTTPException(404, "Page not found")
    return _page(request, session, campaign, area)

