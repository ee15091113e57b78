"""The teacher's pages: open a class session, show its code, follow progress, end it, show the compass."""

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.classes import overlap, service
from app.classes.service import ClassForm
from app.common.paging import page_number
from app.config import get_settings
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.models import Area, Campaign, User
from app.models.classes import ClassSession
from app.results import compass
from app.results.disclosure import protect_cell, threshold
from app.results.stats import Points
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render
from app.workshops.deck import qr_svg

router = Router(prefix="/staff/classes", include_in_schema=False)
RUN = require("classes.run")
CSRF = [Depends(verify_csrf)]


async def _body(request: Request) -> FormData:
    return await request.form()


def _found(session: Session, user: User, session_id: int) -> tuple[ClassSession, Campaign, Area]:
    found = service.find(session, user.organisation_id, session_id)
    if found is None:  # missing, or another organisation's: the same 404
        raise HTTPException(404, "Page not found")
    return found


def join_url() -> str:
    return f"{get_settings().base_url.rstrip('/')}/klasse"


@router.get("", response_class=HTMLResponse)
def list_sessions(request: Request, session: ReadSession, page: str = "1",
                  user: User = Depends(RUN)) -> HTMLResponse:
    """The organisation's class sessions, newest first."""
    found = service.sessions_page(session, user.organisation_id, page_number(page))
    return render(request, "classes/staff/list.html", {
        "user": user, "rows": found.items, "page": found, "page_url": lambda n: f"/staff/classes?page={n}"})


def _form(request: Request, session: Session, user: User, form: ClassForm,
          error: FormError | None = None) -> HTMLResponse:
    choices = service.open_campaigns(session, user.organisation_id)
    return form_page(request, "classes/staff/new.html", {
        "user": user, "form": form,
        "choices": [(c.title, [(f"{c.id}:{a.slug}", a.name) for a in areas]) for c, areas in choices],
        "versions": service.version_choices(choices, negotiate(request))}, error)


@router.get("/new", response_class=HTMLResponse)
def new_session(request: Request, session: ReadSession, user: User = Depends(RUN)) -> HTMLResponse:
    return _form(request, session, user, ClassForm())


@router.post("/new", response_model=None, dependencies=CSRF)
def create_session(request: Request, session: WriteSession, data: FormData = Depends(_body),
                   user: User = Depends(RUN)) -> Response:
    """Open the session and show its code; a refused form keeps what was typed."""
    form = ClassForm(**{k: str(data.get(k, ""))[:500] for k in ("place", "title", "version")})
    try:
        row = service.create(session, user, form)
    except FormError as error:
        return _form(request, session, user, form, error)
    return see_other(f"/staff/classes/{row.id}")


def _session_page(request: Request, session: Session, user: User, session_id: int,
                  error: FormError | None = None) -> HTMLResponse:
    cs, campaign, area = _found(session, user, session_id)
    return form_page(request, "classes/staff/session.html", {
        "user": user, "cs": cs, "campaign": campaign, "area": area,
        "progress": service.progress(session, cs, campaign), "join_url": join_url(),
        "qr": qr_svg(f"{join_url()}?kode={cs.code}"), "demo": campaign.is_demo}, error)


@router.get("/{session_id}", response_class=HTMLResponse)
def show_session(request: Request, session_id: int, session: ReadSession,
                 user: User = Depends(RUN)) -> HTMLResponse:
    """The code to show the class, and how many have started and sent (never who, never what)."""
    return _session_page(request, session, user, session_id)


@router.get("/{session_id}/progress")
def progress_json(session_id: int, session: ReadSession, user: User = Depends(RUN)) -> JSONResponse:
    """The two counts, for the page's small script to update them without a reload."""
    cs, campaign, _area = _found(session, user, session_id)
    now = service.progress(session, cs, campaign)
    return JSONResponse({"started": now.started, "done": now.done, "needed": now.needed},
                        headers={"Cache-Control": "no-store"})


@router.post("/{session_id}/end", response_model=None, dependencies=CSRF)
def end_session(request: Request, session_id: int, session: WriteSession,
                user: User = Depends(RUN)) -> Response:
    """End the session and show the compass; below k nothing changes and the page says how many more."""
    cs, campaign, _area = _found(session, user, session_id)
    if cs.ended_at is None:
        try:
            service.end(session, cs, campaign)
        except FormError as error:
            return _session_page(request, session, user, session_id, error)
    return see_other(f"/staff/classes/{session_id}/kompass")


@router.get("/{session_id}/kompass", response_class=HTMLResponse)
def class_compass(request: Request, session_id: int, session: ReadSession,
                  user: User = Depends(RUN)) -> HTMLResponse:
    """The class's compass and table, only when the ended session holds at least k answers."""
    cs, campaign, area = _found(session, user, session_id)
    state = service.compass_state(session, cs, campaign)
    ctx = {"user": user, "cs": cs, "campaign": campaign, "area": area, "state": state,
           "progress": service.progress(session, cs, campaign), "k": threshold(campaign), "svg": None,
           "lapsed": service.LAPSED}
    if state == "shown":
        lang = negotiate(request)
        survey = service.survey_of(session, cs, campaign)
        points = Points.of(survey.scale)
        counts = service.class_counts(session, cs, points.width)
        table = protect_cell(counts, survey.theme_slugs, threshold(campaign), points)
        if overlap.gives_away(session, campaign, cs, counts):
            ctx["state"] = "overlap"  # a release did not keep the class apart
            return render(request, "classes/staff/compass.html", ctx)
        names = [t.name.get(lang) or t.name[survey.default_locale] for t in survey.themes]
        _ = gettext_for(lang)
        title = _("Class compass: %(title)s") % {"title": cs.title}
        series = [compass.Series(cs.title, [t.mean for t in table.themes])]
        ctx.update(svg=compass.render(names, series, title, points=points), n=table.n, scale=survey.scale,
                   rows=list(zip(names, table.themes, strict=True)))
    return render(request, "classes/staff/compass.html", ctx)
