"""Staff results pages: compass and breakdowns, comments, population, exports."""

from urllib.parse import urlencode

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlmodel import Session, col, select

from app.auth.permissions import allowed
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.common.errors import ApiError
from app.common.paging import page_number
from app.common.text import is_digits
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.models import Campaign, User
from app.results import comments, compass, disclosure, exports, population
from app.results.breakdowns import dimensions
from app.results.routes import _labels, area_slugs, compass_svg, download
from app.results.service import KINDS, min_group, points_of, themes_of
from app.results.summary import compare_series, option_labels, summary, theme_names
from app.results.versions import by_version, shared_themes
from app.surveys.definitions import get_survey
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = Router(prefix="/staff/results", include_in_schema=False)
MAX_UPLOAD = 2_000_000  # bytes of a population CSV read at most


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: ReadSession,
          user: User = Depends(require("results.view"))) -> HTMLResponse:
    """The organisation's campaigns, each linking to its results."""
    stmt = select(Campaign).where(Campaign.organisation_id == user.organisation_id)
    campaigns = session.exec(stmt.order_by(col(Campaign.created_at).desc())).all()
    return render(request, "results/index.html", {"user": user, "campaigns": campaigns})


def staff_campaign(session: Session, slug: str, user: User) -> Campaign:
    """The user's organisation's campaign with this slug, or the 404 page."""
    return campaign_for(session, user, slug)


def _series(request: Request, session: Session, campaign: Campaign, compare: str, area: str | None):  # type: ignore[no-untyped-def]
    area = area or None
    known = compare in (*dimensions(campaign), "round")
    if not known or (area and area not in area_slugs(session, campaign)):
        compare, area = "area", None
    labels = _labels(request, session, campaign)
    if compare not in ("area", "mode", "group", "round"):
        labels.update(option_labels(campaign, compare, negotiate(request)))
    previous = session.get(Campaign, campaign.previous_campaign_id) if campaign.previous_campaign_id else None
    if previous is not None and previous.organisation_id != campaign.organisation_id:
        previous = None
    return compare, area, compare_series(session, campaign, compare, area, labels, previous)


@router.get("/{slug}", response_class=HTMLResponse)
def overview(request: Request, slug: str, session: ReadSession, compare: str = "area",
             area: str | None = None, user: User = Depends(require("results.view"))) -> HTMLResponse:
    """A compass comparing areas, rounds, modes, groups or profile bands, with its table."""
    campaign = staff_campaign(session, slug, user)
    compare, area, groups = _series(request, session, campaign, compare, area)
    return render(request, "results/staff.html", {
        "user": user, "campaign": campaign, "demo": campaign.is_demo, "groups": groups,
        "compare": compare, "area": area or "", "areas": area_slugs(session, campaign),
        "dimensions": [*dimensions(campaign), "round"], "names": theme_names(campaign, negotiate(request)),
        "totals": summary(session, campaign, area or None).themes,
        "svg": compass_svg(request, campaign, groups), "query": request.url.query,
        "k": min_group(campaign), "dimension_names": dimension_names(request, campaign),
        "release": disclosure.latest(session, campaign), "release_mode": disclosure.release_mode(campaign),
        "can_release": allowed(user.role, "campaigns.edit"), "points": points_of(campaign),
    })


@router.get("/{slug}/versions", response_class=HTMLResponse)
def versions_page(request: Request, slug: str, session: ReadSession, area: str | None = None,
                  user: User = Depends(require("results.view"))) -> HTMLResponse:
    """A campaign's survey versions: each apart on its own scale (table and compass), and side by
    side on the themes they share, never averaged together."""
    campaign = staff_campaign(session, slug, user)
    area = area if area in area_slugs(session, campaign) else None
    lang = negotiate(request)
    _ = gettext_for(lang)
    found = by_version(session, campaign, area)
    views: list[dict] = []
    for v in found:
        title = v.survey.title.get(lang) or v.survey.title[v.survey.default_locale]
        names = [t.name.get(lang) or t.name[v.survey.default_locale] for t in v.survey.themes]
        caption = _("Compass: %(title)s (%(low)s in the centre, %(high)s at the rim)") % {
            "title": title, "low": v.points.low, "high": v.points.high}
        svg = compass.render(names, [compass.Series(title, [t.mean for t in v.themes])], caption, 560,
                             v.points, f"compass-{v.survey.slug}")
        views.append({"v": v, "title": title, "names": names, "svg": svg})
    shared = shared_themes(found)
    first = {t.slug: t.name.get(lang) or t.name[found[0].survey.default_locale]
             for t in found[0].survey.themes} if found else {}
    return render(request, "results/versions.html", {
        "user": user, "campaign": campaign, "demo": campaign.is_demo, "views": views,
        "shared": [(t, first[t]) for t in shared], "area": area or "",
        "areas": area_slugs(session, campaign), "k": min_group(campaign),
    })


@router.post("/{slug}/release", dependencies=[Depends(verify_csrf)])
def release(slug: str, session: WriteSession,
            user: User = Depends(require("campaigns.edit"))) -> RedirectResponse:
    """Cut a new public release now, when the rules allow one (else nothing changes)."""
    campaign = staff_campaign(session, slug, user)
    disclosure.cut(session, campaign)
    return RedirectResponse(f"/staff/results/{slug}", status_code=303)


@router.get("/{slug}/compass.svg")
def staff_svg(request: Request, slug: str, session: ReadSession, compare: str = "area",
              area: str | None = None, user: User = Depends(require("results.view"))) -> Response:
    campaign = staff_campaign(session, slug, user)
    svg = compass_svg(request, campaign, _series(request, session, campaign, compare, area)[2])
    return download(svg.encode(), "image/svg+xml", f"{slug}-kompass.svg")


@router.get("/{slug}/compass.png")
def staff_png(request: Request, slug: str, session: ReadSession, compare: str = "area",
              area: str | None = None, user: User = Depends(require("results.view"))) -> Response:
    campaign = staff_campaign(session, slug, user)
    svg = compass_svg(request, campaign, _series(request, session, campaign, compare, area)[2])
    return download(compass.to_png(svg), "image/png", f"{slug}-kompass.png")


@router.get("/{slug}/comments", response_class=HTMLResponse)
def comment_list(request: Request, slug: str, session: ReadSession, theme: str = "", kind: str = "better",
                 area: str = "", group: str = "", score: str = "", status: str = "", page: str = "1",
                 user: User = Depends(require("comments.moderate"))) -> HTMLResponse:
    """A theme's comments with filters by area, group, score and review status, a page at a time."""
    campaign = staff_campaign(session, slug, user)
    themes = themes_of(campaign)
    theme = theme if theme in themes else themes[0]
    kind = kind if kind in KINDS else "better"
    score_n = int(score) if is_digits(score) and int(score) in points_of(campaign).scores else None
    found = comments.for_review(session, campaign, theme, kind, area=area or None, group=group or None,
                                score=score_n, status=status or None, page=page_number(page))
    f = {"theme": theme, "kind": kind, "area": area, "group": group, "score": score, "status": status}
    kept = {k: v for k, v in f.items() if v}

    def page_url(n: int) -> str:
        return f"/staff/results/{slug}/comments?{urlencode({**kept, 'page': n})}"

    return render(request, "results/comments.html", {
        "user": user, "campaign": campaign, "demo": campaign.is_demo, "rows": found.items,
        "page": found, "page_url": page_url, "f": f,
        "themes": list(zip(themes, theme_names(campaign, negotiate(request)), strict=True)),
        "areas": area_slugs(session, campaign), "groups": comments.group_labels(session, campaign),
        "query": urlencode({**kept, "page": found.number}), "points": points_of(campaign),
    })


@router.post("/{slug}/comments", dependencies=[Depends(verify_csrf)])
def comment_review(slug: str, session: WriteSession, response_id: str = Form(...), theme: str = Form(...),
                   kind: str = Form(...), status: str = Form(...), back: str = Form(""),
                   user: User = Depends(require("comments.moderate"))) -> RedirectResponse:
    """Approve or hide one comment, then back to the same filtered list."""
    campaign = staff_campaign(session, slug, user)
    comments.review(session, campaign, response_id, theme, kind, status, user)
    query = back if back and "\n" not in back and "/" not in back else ""
    return RedirectResponse(f"/staff/results/{slug}/comments?{query}", status_code=303)


def dimension_names(request: Request, campaign: Campaign) -> dict[str, str]:
    """Names of what a compass can compare, in the page's language."""
    lang = negotiate(request)
    _ = gettext_for(lang)
    survey = get_survey(campaign.survey_slug)
    names = {"area": _("Areas"), "mode": _("Ways of answering"), "group": _("Focus groups and sessions"),
             "round": _("Rounds")}
    for q in survey.profile if survey else []:
        names[q.key] = q.label.get(lang) or q.label[survey.default_locale]  # type: ignore[union-attr]
    return names


def _population_page(request: Request, session: Session, campaign: Campaign, user: User,
                     errors: list[str] | None = None, status: int = 200,
                     weighted: bool = False) -> HTMLResponse:
    rep = population.representation(session, campaign)
    lang = negotiate(request)
    reps = [(q, population.representation(session, campaign, question=q), option_labels(campaign, q, lang),
             dimension_names(request, campaign)[q]) for q in ("age_band", "gender")]
    return render(request, "results/population.html", {
        "user": user, "campaign": campaign, "demo": campaign.is_demo, "rep": rep, "errors": errors or [],
        "k": min_group(campaign), "reps": [r for r in reps if r[1] is not None],
        "weighted": population.weighted_means(session, campaign) if weighted and rep else None,
        "totals": summary(session, campaign).themes, "names": theme_names(campaign, negotiate(request)),
    }, status_code=status)


@router.get("/{slug}/population", response_class=HTMLResponse)
def population_view(request: Request, slug: str, session: ReadSession, weighted: bool = False,
                    user: User = Depends(require("results.view"))) -> HTMLResponse:
    """Respondents against the population per age band; weighted means on request."""
    campaign = staff_campaign(session, slug, user)
    return _population_page(request, session, campaign, user, weighted=weighted)


@router.post("/{slug}/population", response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])
def population_upload(request: Request, slug: str, session: WriteSession, file: UploadFile = File(...),
                      user: User = Depends(require("population.upload"))) -> Response:
    """Replace the campaign's population counts from a CSV; errors name the line, nothing is stored."""
    _ = gettext_for(negotiate(request))
    # Read and parse the file before the first statement: the write transaction (and, on
    # SQLite, the write lock) starts there, so a large upload holds no lock while it is parsed.
    problems: list[str] = []
    try:
        lines = population.parse_csv(file.file.read(MAX_UPLOAD), _)
    except ApiError as exc:
        lines, problems = [], [e["message"] for e in exc.errors]
    campaign = staff_campaign(session, slug, user)
    if not problems:
        try:
            population.replace_counts(session, campaign, population.check_rows(session, campaign, lines, _))
        except ApiError as exc:
            problems = [e["message"] for e in exc.errors]
    if problems:
        return _population_page(request, session, campaign, user, problems, 400)
    return RedirectResponse(f"/staff/results/{slug}/population", status_code=303)


@router.get("/{slug}/export.csv")
def export_csv(slug: str, session: ReadSession,
               user: User = Depends(require("results.export"))) -> StreamingResponse:
    """One row per response, streamed (the stream reads in its own session: this one is closed
    by the time the body is sent)."""
    campaign = staff_campaign(session, slug, user)
    assert campaign.id is not None
    return StreamingResponse(exports.csv_stream(campaign.id), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{slug}.csv"'})


@router.get("/{slug}/export.xlsx")
def export_xlsx(slug: str, session: ReadSession,
                user: User = Depends(require("results.export"))) -> StreamingResponse:
    """A summary sheet and the responses sheet, streamed as the workbook is written."""
    campaign = staff_campaign(session, slug, user)
    assert campaign.id is not None
    # The workbook is zipped as it is written: its first bytes leave before the first row is read.
    return StreamingResponse(exports.xlsx_stream(campaign.id, _summary_sheet), media_type=exports.XLSX_MEDIA,
                             headers={"Content-Disposition": f'attachment; filename="{slug}.xlsx"'})


def _summary_sheet(session: Session, campaign: Campaign) -> list[list[object]]:
    """The XLSX export's Summary sheet: per theme the staff figures, hidden cells left empty; with
    several survey versions on offer, one block per version, each on its own scale."""
    found = by_version(session, campaign)
    lines: list[list[object]] = []
    for v in found:
        if len(found) > 1:
            lines += [[]] if lines else []
            lines.append(["survey", v.survey.slug])
        scores = v.points.scores
        lines.append(["theme", "n", "dont_know", "mean", "ci95_low", "ci95_high", "median",
                      *map(str, scores)])
        for t in v.themes:
            lo, hi = t.ci95 or (None, None)
            lines.append([t.theme, None if t.hidden else t.n, None if t.hidden else t.dont_know, t.mean, lo,
                          hi, t.median, *([None] * len(scores) if t.hidden else t.histogram)])
    return lines
