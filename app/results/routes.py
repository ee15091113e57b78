"""Results: the summary API, the public results page, and the compass downloads."""

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlmodel import Session, col, select

from app.auth.deps import api_action, optional_staff
from app.auth.permissions import allowed
from app.campaigns.access import own_campaign, published_campaign
from app.common.errors import ApiError, documented, field_error, invalid
from app.db import ReadSession
from app.i18n import negotiate
from app.models import Area, Campaign, User
from app.results import compass, exports
from app.results.breakdowns import dimensions
from app.results.service import approved_by_theme, min_group, points_of
from app.results.summary import (
    check_params,
    check_public_params,
    public_series,
    public_summary,
    summary,
    theme_names,
)
from app.surveys.definitions import get_survey
from app.surveys.service import offered
from app.web.routing import Router
from app.web.templating import gettext_for, render

router = Router(tags=["results"])


def with_public_results(session: Session, slug: str) -> Campaign | None:
    """The campaign at this public address whose results are published, or None."""
    campaign = published_campaign(session, slug)
    return campaign if campaign is not None and campaign.results_public else None


def area_slugs(session: Session, campaign: Campaign) -> list[str]:
    stmt = select(Area.slug).where(Area.campaign_id == campaign.id).order_by(col(Area.id))
    return list(session.exec(stmt))


@router.get("/api/v1/campaigns/{slug}/summary", responses=documented(401, 404))
def summary_api(
    slug: str, session: ReadSession, area: str | None = None, mode: str | None = None,
    group_by: str | None = Query(None, description="area, mode, group, or a profile question key"),
    survey: str | None = Query(None, description="one survey version the campaign offers (staff)"),
    staff: User | None = Depends(optional_staff),
) -> dict:
    """Per theme: n, don't know, mean, 95% interval, median and the histogram on the survey's own
    scale (`scale`); `groups` per `group_by`; `survey` picks one version of a campaign that offers
    several (each on its own scale; versions are never averaged together). A staff token of the
    campaign's organisation sees the live figures with every filter. Anyone else, when results
    are published, sees exactly the public page: the newest release (`release`), all areas or
    one, `group_by=area` only. Cells of fewer answers than the campaign's threshold, and cells
    that would give them back, come with `hidden: true`."""
    return _summary(slug, session, area, mode, group_by, survey, staff)


def _summary(slug: str, session: Session, area: str | None, mode: str | None, group_by: str | None,
             survey: str | None, staff: User | None) -> dict:
    """The summary API's work (see `summary_api`)."""
    # Staff find their own organisation's campaign by its slug; anyone else a published campaign
    # at its public address, so a draft answers exactly like an unknown address.
    own = own_campaign(session, staff.organisation_id, slug) if staff is not None else None
    is_staff = own is not None and staff is not None and allowed(staff.role, "results.view")
    campaign = own if is_staff else published_campaign(session, slug)
    if campaign is None:
        raise ApiError(404, "not_found", f"No campaign '{slug}'.")
    if not is_staff and not campaign.results_public:
        if staff is None:  # the survey itself is public; its results need a token
            raise ApiError(401, "unauthorized", "The results are not published; a staff token is required.")
        raise ApiError(404, "not_found", f"No campaign '{slug}'.")
    areas = area_slugs(session, campaign)
    if not is_staff:
        errors = check_public_params(area, mode, group_by, areas)
        if survey is not None and survey not in offered(campaign):
            errors.append(("survey", f"The campaign offers the surveys {', '.join(offered(campaign))}."))
        if errors:
            raise invalid([field_error(f, m) for f, m in errors])
        version = survey if survey != campaign.survey_slug else None  # the public shape of old
        shown = public_summary(session, campaign, area, group_by, version=version)
        return shown.as_dict(campaign, public=True)
    errors = check_params(campaign, area, mode, group_by, areas)
    if survey is not None and survey not in offered(campaign):
        errors.append(("survey", f"The campaign offers the surveys {', '.join(offered(campaign))}."))
    elif survey is not None and group_by not in (None, *dimensions(campaign, survey)):
        errors.append(("group_by", f"group_by must be one of {', '.join(dimensions(campaign, survey))}."))
    if errors:
        raise invalid([field_error(f, m) for f, m in errors])
    return summary(session, campaign, area, mode, group_by, survey).as_dict(campaign)


def public_campaign(session: Session, slug: str) -> Campaign:
    """The published results at this public address, or the 404 page (drafts look unknown)."""
    campaign = with_public_results(session, slug)
    if campaign is None:
        raise HTTPException(404, "Page not found")
    return campaign


def _labels(request: Request, session: Session, campaign: Campaign) -> dict[str, str]:
    _ = gettext_for(negotiate(request))
    names = dict(session.exec(select(Area.slug, Area.name).where(Area.campaign_id == campaign.id)).all())
    return {"consensus": _("Group consensus"), "previous": _("Previous round"), "this": _("This round"),
            "": _("No group"), "not_answered": _("Not answered"), "survey": _("Survey"),
            "walk": _("Walk and talk"), "workshop": _("Workshop"), "paper": _("Paper form"), **names}


def published(request: Request, session: Session, campaign: Campaign,  # type: ignore[no-untyped-def]
              version: str | None = None):
    """The newest release: its total, and all areas laid over each other with group consensus."""
    return public_series(session, campaign, _labels(request, session, campaign), version)


def compass_svg(request: Request, campaign: Campaign, groups, width: int = 720,  # type: ignore[no-untyped-def]
                version: str | None = None) -> str:
    lang = negotiate(request)
    _ = gettext_for(lang)
    lines = [compass.Series(g.label, [t.mean for t in g.themes]) for g in groups]
    points = points_of(campaign, version)
    title = _("Compass: %(title)s (%(low)s in the centre, %(high)s at the rim)") % {
        "title": campaign.title, "low": points.low, "high": points.high}
    return compass.render(theme_names(campaign, lang, version), lines, title, width, points)


def _version(campaign: Campaign, v: str) -> str | None:
    """The version a public page asks for (?v=), when it is another one the campaign offers."""
    return v if v != campaign.survey_slug and v in offered(campaign) else None


@router.get("/r/{slug}", response_class=HTMLResponse, include_in_schema=False)
def public_page(request: Request, slug: str, session: ReadSession, v: str = "") -> HTMLResponse:
    """The published results: compass, table and approved comments; with several survey versions,
    one version at a time (?v=), each on its own scale."""
    campaign = public_campaign(session, slug)
    version = _version(campaign, v)
    total, groups = published(request, session, campaign, version)
    lang = negotiate(request)
    names = theme_names(campaign, lang, version)
    quotes = approved_by_theme(session, campaign) if version is None else {}
    versions = [s for s in map(get_survey, offered(campaign)) if s is not None]
    return render(request, "results/public.html", {
        "campaign": campaign, "demo": campaign.is_demo, "groups": groups, "totals": total.themes,
        "names": names, "quotes": quotes, "svg": compass_svg(request, campaign, groups, 640, version),
        "k": min_group(campaign), "release": total.release, "n": total.n,
        "points": points_of(campaign, version), "versions": versions if len(versions) > 1 else [],
        "version": version or campaign.survey_slug, "v_query": f"?v={version}" if version else "",
    })


@router.get("/r/{slug}/compass.svg", include_in_schema=False)
def public_svg(request: Request, slug: str, session: ReadSession, v: str = "") -> Response:
    campaign = public_campaign(session, slug)
    version = _version(campaign, v)
    svg = compass_svg(request, campaign, published(request, session, campaign, version)[1], version=version)
    return download(svg.encode(), "image/svg+xml", f"{slug}-kompass.svg")


@router.get("/r/{slug}/compass.png", include_in_schema=False)
def public_png(request: Request, slug: str, session: ReadSession, v: str = "") -> Response:
    campaign = public_campaign(session, slug)
    version = _version(campaign, v)
    svg = compass_svg(request, campaign, published(request, session, campaign, version)[1], version=version)
    return download(compass.to_png(svg), "image/png", f"{slug}-kompass.png")


def download(body: bytes, media: str, filename: str) -> Response:
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class CsvStream(StreamingResponse):
    """A CSV body sent as it is written (text/csv; Starlette adds charset=utf-8)."""

    media_type = "text/csv"


class NdjsonStream(StreamingResponse):
    """Newline-delimited JSON sent as it is written."""

    media_type = "application/x-ndjson"


EXPORT_ERRORS = {**documented(401, 403, 404),
                 401: {"description": "No valid staff token."},
                 403: {"description": "The token's role may not export responses."},
                 404: {"description": "No campaign of the token's organisation has this slug."}}


def _exportable(session: Session, slug: str, user: User) -> int:
    """The id of the token's organisation's campaign (a draft too, as on the staff pages); any
    other campaign answers the 404 of an unknown slug."""
    campaign = own_campaign(session, user.organisation_id, slug)
    if campaign is None or campaign.id is None:
        raise ApiError(404, "not_found", f"No campaign '{slug}'.")
    return campaign.id


@router.get("/api/v1/campaigns/{slug}/responses.csv", response_class=CsvStream,
            responses={200: {"description": "UTF-8 CSV with a BOM, one row per response."}, **EXPORT_ERRORS})
def responses_csv(slug: str, session: ReadSession,
                  user: User = Depends(api_action("results.export"))) -> CsvStream:
    """Every response of the campaign as the staff CSV export, streamed: the same columns
    (`response_id, area, mode, locale, survey_version, submitted_at, is_consensus, group_label,
    is_demo`, per theme `<theme>`, `<theme>_good`, `<theme>_better`, then `profile_<question>`),
    the BOM, approved comments only (masked), text starting with = + - @ behind an apostrophe.
    A staff token whose role may export (the permission matrix: analysts may)."""
    campaign_id = _exportable(session, slug, user)
    return CsvStream(exports.csv_stream(campaign_id),
                     headers={"Content-Disposition": f'attachment; filename="{slug}.csv"'})


@router.get("/api/v1/campaigns/{slug}/responses.ndjson", response_class=NdjsonStream,
            responses={200: {"description": "One JSON object per response and line."}, **EXPORT_ERRORS})
def responses_ndjson(slug: str, session: ReadSession,
                     user: User = Depends(api_action("results.export"))) -> NdjsonStream:
    """The CSV export's rows as newline-delimited JSON, streamed: one object per response with the
    CSV's columns as keys and its cells as values (scores and 0/1 flags as numbers, `dk` for don't
    know, an empty string for a skipped theme), formula-safe like the CSV."""
    campaign_id = _exportable(session, slug, user)
    return NdjsonStream(exports.ndjson_stream(campaign_id),
                        headers={"Content-Disposition": f'attachment; filename="{slug}.ndjson"'})
