"""The projector (large type, one step at a time) and the report as HTML, PDF and DOCX."""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.config import get_settings
from app.db import ReadSession, read_only
from app.dilemmas import access, answers, report, service, summary
from app.dilemmas.routes_staff import RUN
from app.dilemmas.scenarios import pick
from app.dilemmas.vocab import EXAMPLE_NOTE
from app.i18n import LANGUAGES, negotiate
from app.models import User
from app.models.dilemmas import DilemmaSession
from app.web.routing import Router
from app.web.templating import render
from app.workshops.deck import qr_svg

router = Router(prefix="/staff/dilemmas", include_in_schema=False)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/{session_id}/present", response_class=HTMLResponse)
def present(request: Request, session_id: int, session: ReadSession,
            user: User = Depends(RUN)) -> HTMLResponse:
    """The step the session is at, readable from the back of the room, with the way in for phones."""
    row = access.staff_session(session, session_id, user)
    lang = negotiate(request)
    scenario = service.scenario_of(row)
    last = service.last_step(row)
    join = f"{get_settings().base_url}/d"
    ctx = {"row": row, "scenario": scenario, "last": last, "tl": scenario.text_lang(lang),
           "title": pick(scenario.title, lang, scenario.default_locale), "example_note": EXAMPLE_NOTE,
           "join": join, "qr": qr_svg(f"{join}?code={row.code}") if row.step == 0 else "",
           "groups": len(service.groups_of(session, row)), "principles": service.principles_of(session, row)}
    if row.step < last:
        ctx["s"] = scenario.steps[row.step]
        ctx["answered"] = _answered(session, row)
    else:
        ctx["report"] = summary.build(session, row, lang)
    return render(request, "dilemmas/present.html", ctx)


def _answered(session: Session, row: DilemmaSession) -> int:
    return sum(1 for a in answers.answers_of(session, row) if a.step == row.step)


@router.get("/{session_id}/count", response_class=HTMLResponse)
def count(request: Request, session_id: int, session: ReadSession, user: User = Depends(RUN)) -> HTMLResponse:
    """How many groups have answered the step on the screen; the presenter view fetches it every
    few seconds (the script the politisk verksted's vote slide uses), a reload shows it without."""
    row = access.staff_session(session, session_id, user)
    return render(request, "dilemmas/_count.html", {
        "answered": _answered(session, row), "groups": len(service.groups_of(session, row))})


def _lang(request: Request, lang: str | None) -> str:
    return lang if lang in LANGUAGES else negotiate(request)


@router.get("/{session_id}/report", response_class=HTMLResponse)
def report_page(request: Request, session_id: int, session: ReadSession, lang: str | None = None,
                user: User = Depends(RUN)) -> HTMLResponse:
    """The session log as a printable page: principles, målkonflikter, win-win, effects by theme."""
    row = access.staff_session(session, session_id, user)
    lang = _lang(request, lang)
    built = summary.build(session, row, lang)
    return render(request, "dilemmas/report.html", report.context(built, lang, False), lang=lang)


def _file(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/{session_id}/report.pdf")
def report_pdf(request: Request, session_id: int, lang: str | None = None,
               user: User = Depends(RUN)) -> Response:
    """The report as PDF; the slow layout runs after the read has ended."""
    lang = _lang(request, lang)
    with read_only() as session:
        built = summary.build(session, access.staff_session(session, session_id, user), lang)
    return _file(report.pdf(built, lang), "application/pdf", f"dilemma-{session_id}-{lang}.pdf")


@router.get("/{session_id}/report.docx")
def report_docx(request: Request, session_id: int, lang: str | None = None,
                user: User = Depends(RUN)) -> Response:
    lang = _lang(request, lang)
    with read_only() as session:
        built = summary.build(session, access.staff_session(session, session_id, user), lang)
    return _file(report.docx(built, lang), DOCX, f"dilemma-{session_id}-{lang}.docx")
