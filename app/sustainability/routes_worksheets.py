"""Staff pages of the worksheets: list and open one, answer its questions, the summary, the register link."""

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.auth.permissions import allowed
from app.auth.web import require
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.models import User
from app.models.sustainability import Worksheet
from app.sustainability import service, summary
from app.sustainability.content import text
from app.sustainability.service import WorksheetForm
from app.sustainability.vocab import CHOICES
from app.sustainability.web import (
    body,
    campaign_choices,
    choices,
    lang_of,
    levels,
    read_answers,
    read_worksheet_form,
    worksheet_or_404,
)
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = Router(prefix="/staff/sustainability", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
VIEW, MANAGE = require("sustainability.view"), require("sustainability.manage")
BODY = Depends(body)


def _index(
    request: Request,
    session: Session,
    user: User,
    number: int = 1,
    form: WorksheetForm | None = None,
    errors: dict | None = None,
    code: int = 200,
) -> HTMLResponse:
    lang = lang_of(request)
    found = service.list_page(session, user.organisation_id, number)
    sheets = service.current()
    return render(
        request,
        "sustainability/index.html",
        {
            "user": user,
            "worksheets": found.items,
            "page": found,
            "form": form or WorksheetForm(),
            "errors": errors or {},
            "error_args": {},
            "levels": levels(sheets, lang),
            "level_names": dict(levels(sheets, lang)),
            "campaigns": campaign_choices(session, user),
            "page_url": lambda n: f"/staff/sustainability?page={n}",
            "note": text(sheets.note, lang) if sheets.example else "",
        },
        status_code=code,
    )


def _outcomes(session: Session, ws: Worksheet) -> list[tuple[str, str]]:
    return [("", "–"), *[(str(o.id), o.title) for o in service.recent_outcomes(session, ws.organisation_id)]]


@router.get("", response_class=HTMLResponse)
def index(
    request: Request, session: ReadSession, page: str = "1", user: User = Depends(VIEW)
) -> HTMLResponse:
    """The organisation's worksheets, newest first, and the form to open a new one."""
    return _index(request, session, user, page_number(page))


@router.post("", response_model=None, dependencies=CSRF)
def create(
    request: Request, session: WriteSession, data: FormData = BODY, user: User = Depends(MANAGE)
) -> Response:
    """Open a worksheet for a plan or case; errors stand next to their fields and keep what was typed."""
    form = read_worksheet_form(data)
    errors = service.check(session, user.organisation_id, form)
    if errors:
        return _index(request, session, user, form=form, errors=errors, code=400)
    ws = service.create(session, user.organisation_id, user.id, form)
    return RedirectResponse(f"/staff/sustainability/worksheets/{ws.id}", status_code=303)


def _sheet(
    request: Request,
    session: Session,
    user: User,
    ws: Worksheet,
    typed: dict | None = None,
    errors: dict | None = None,
    details: WorksheetForm | None = None,
    code: int = 200,
) -> HTMLResponse:
    lang = lang_of(request)
    s = summary.build(session, ws, lang)
    stored = {ln.slug: (ln.choice, ln.reason) for b in s.blocks for ln in b.themes}
    details = details or WorksheetForm(ws.name, ws.plan_level, ws.case_number, str(ws.campaign_id or ""))
    return render(
        request,
        "sustainability/worksheet.html",
        {
            "user": user,
            "ws": ws,
            "s": s,
            "typed": {**stored, **(typed or {})},
            "errors": errors or {},
            "error_args": {},
            "choices": choices(gettext_for(lang)),
            "labels": CHOICES,
            "details": details,
            "campaigns": campaign_choices(session, user),
            "outcomes": _outcomes(session, ws),
        },
        status_code=code,
    )


@router.get("/worksheets/{worksheet_id}", response_class=HTMLResponse)
def sheet(
    request: Request, worksheet_id: int, session: ReadSession, user: User = Depends(VIEW)
) -> HTMLResponse:
    """One worksheet: per dimension and theme the kjøreregel, the question, residents' scores, funding."""
    return _sheet(request, session, user, worksheet_or_404(session, user, worksheet_id))


@router.post("/worksheets/{worksheet_id}", response_model=None, dependencies=CSRF)
def answer(
    request: Request,
    worksheet_id: int,
    session: WriteSession,
    data: FormData = BODY,
    user: User = Depends(MANAGE),
) -> Response:
    """Store the answers; a refused form shows every answer as typed and changes nothing."""
    ws = worksheet_or_404(session, user, worksheet_id)
    sheets = service.content_of(session, ws)
    typed = read_answers(data, sheets)
    errors = service.check_answers(sheets, typed)
    if errors:
        return _sheet(request, session, user, ws, typed, errors, code=400)
    service.save_answers(session, ws, sheets, typed)
    return RedirectResponse(f"/staff/sustainability/worksheets/{worksheet_id}/summary", status_code=303)


@router.post("/worksheets/{worksheet_id}/details", response_model=None, dependencies=CSRF)
def details(
    request: Request,
    worksheet_id: int,
    session: WriteSession,
    data: FormData = BODY,
    user: User = Depends(MANAGE),
) -> Response:
    ws = worksheet_or_404(session, user, worksheet_id)
    form = read_worksheet_form(data)
    form.plan_level = ws.plan_level  # fixed once opened: the questions depend on it
    errors = service.check(session, user.organisation_id, form)
    if errors:
        return _sheet(request, session, user, ws, errors=errors, details=form, code=400)
    service.update(session, ws, form)
    return RedirectResponse(f"/staff/sustainability/worksheets/{worksheet_id}", status_code=303)


@router.get("/worksheets/{worksheet_id}/summary", response_class=HTMLResponse)
def summary_page(
    request: Request, worksheet_id: int, session: ReadSession, user: User = Depends(VIEW)
) -> HTMLResponse:
    """The summary for the saksframlegg, with its PDF and DOCX and the link to the outcome register."""
    ws = worksheet_or_404(session, user, worksheet_id)
    lang = lang_of(request)
    return render(
        request,
        "sustainability/summary.html",
        {
            "user": user,
            "ws": ws,
            "s": summary.build(session, ws, lang),
            "labels": CHOICES,
            "errors": {},
            "error_args": {},
            "outcomes": _outcomes(session, ws),
        },
    )


@router.post("/worksheets/{worksheet_id}/outcome", response_model=None, dependencies=CSRF)
def to_register(
    request: Request,
    worksheet_id: int,
    session: WriteSession,
    data: FormData = BODY,
    user: User = Depends(require("outcomes.manage")),
) -> Response:
    """Make an entry in the outcome register for this worksheet, or link one that exists."""
    ws = worksheet_or_404(session, user, worksheet_id)
    if not allowed(user.role, "sustainability.manage"):
        raise HTTPException(403, "Not allowed")
    if data.get("outcome"):
        if service.link_outcome(session, ws, str(data.get("outcome"))[:20]):
            return _sheet(request, session, user, ws, errors={"outcome": "Choose from the list."}, code=400)
    else:
        lang = lang_of(request)
        _ = gettext_for(lang)
        s = summary.build(session, ws, lang)
        link = _("Worksheet: %(url)s") % {"url": f"/staff/sustainability/worksheets/{ws.id}/summary"}
        lines = [link, *summary.conflict_lines(s, _)]
        title = _("Sustainability assessment: %(name)s") % {"name": ws.name}
        service.create_outcome(session, ws, user.id, title, "\n".join(lines))
    return RedirectResponse(f"/staff/outcomes/{ws.outcome_id}", status_code=303)


@router.get("/outcomes/{outcome_id}", response_model=None)
def from_register(outcome_id: int, session: ReadSession, user: User = Depends(VIEW)) -> Response:
    """The register's link back: the worksheet linked to an entry."""
    ws = service.by_outcome(session, user.organisation_id, outcome_id)
    if ws is None:
        raise HTTPException(404, "Page not found")
    return RedirectResponse(f"/staff/sustainability/worksheets/{ws.id}/summary", status_code=303)
