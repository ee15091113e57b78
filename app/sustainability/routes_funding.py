"""Staff pages of the virkemiddeloversikt: search it; admins add, edit and remove schemes."""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.auth.web import require
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.models import User
from app.models.sustainability import FundingScheme
from app.sustainability import funding, service
from app.sustainability.content import text
from app.sustainability.funding import SchemeForm
from app.sustainability.vocab import QUERY_MAX
from app.sustainability.web import body, lang_of, places, read_scheme_form, scheme_or_404
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import render

router = Router(prefix="/staff/sustainability/funding", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
VIEW, MANAGE = require("sustainability.view"), require("funding.manage")
BODY = Depends(body)


@router.get("", response_class=HTMLResponse)
def search(request: Request, session: ReadSession, q: str = "", place: str = "", page: str = "1",
           user: User = Depends(VIEW)) -> HTMLResponse:
    """Schemes and tools by dimension and theme, with a word search."""
    lang, sheets = lang_of(request), service.current()
    q, offered = q[:QUERY_MAX], places(sheets, lang)
    place = place if place in dict(offered) else ""
    dimension, _, theme = place.partition(":")
    found = funding.search(session, user.organisation_id, page_number(page), q, dimension, theme)
    names = {value: label for value, label in offered}
    return render(request, "sustainability/funding.html", {
        "user": user, "schemes": found.items, "page": found, "q": q, "place": place, "places": offered,
        "place_of": lambda s: names.get(f"{s.dimension}:{s.theme}" if s.theme else s.dimension, s.dimension),
        "empty": not funding.has_any(session, user.organisation_id), "errors": {}, "error_args": {},
        "note": text(sheets.note, lang) if sheets.example else "",
        "page_url": lambda n: f"/staff/sustainability/funding?page={n}&place={place}&q={q}",
    })


def _form(request: Request, session: Session, user: User, form: SchemeForm, row: FundingScheme | None = None,
          errors: dict | None = None, code: int = 200) -> HTMLResponse:
    return render(request, "sustainability/funding_form.html", {
        "user": user, "form": form, "row": row, "errors": errors or {}, "error_args": {},
        "places": places(service.current(), lang_of(request))}, status_code=code)


@router.get("/new", response_class=HTMLResponse)
def new(request: Request, session: ReadSession, place: str = "",
        user: User = Depends(MANAGE)) -> HTMLResponse:
    return _form(request, session, user, SchemeForm(place=place[:100]))


@router.post("", response_model=None, dependencies=CSRF)
def create(request: Request, session: WriteSession, data: FormData = BODY,
           user: User = Depends(MANAGE)) -> Response:
    """Add a scheme; errors stand next to their fields and keep what was typed."""
    form = read_scheme_form(data)
    errors = funding.check(service.current(), form)
    if errors:
        return _form(request, session, user, form, errors=errors, code=400)
    funding.create(session, user.organisation_id, form)
    return RedirectResponse("/staff/sustainability/funding", status_code=303)


@router.post("/starter", dependencies=CSRF)
def starter(session: WriteSession, user: User = Depends(MANAGE)) -> RedirectResponse:
    """Copy the example list from toolbox/funding.yaml into an empty list."""
    funding.load_starter(session, user.organisation_id)
    return RedirectResponse("/staff/sustainability/funding", status_code=303)


@router.get("/{scheme_id}", response_class=HTMLResponse)
def edit(request: Request, scheme_id: int, session: ReadSession,
         user: User = Depends(MANAGE)) -> HTMLResponse:
    row = scheme_or_404(session, user, scheme_id)
    return _form(request, session, user, SchemeForm.of(row), row)


@router.post("/{scheme_id}", response_model=None, dependencies=CSRF)
def update(request: Request, scheme_id: int, session: WriteSession, data: FormData = BODY,
           user: User = Depends(MANAGE)) -> Response:
    row = scheme_or_404(session, user, scheme_id)
    form = read_scheme_form(data)
    errors = funding.check(service.current(), form)
    if errors:
        return _form(request, session, user, form, row, errors, code=400)
    funding.update(session, row, form)
    return RedirectResponse("/staff/sustainability/funding", status_code=303)


@router.post("/{scheme_id}/delete", dependencies=CSRF)
def delete(scheme_id: int, session: WriteSession, user: User = Depends(MANAGE)) -> RedirectResponse:
    funding.delete(session, scheme_or_404(session, user, scheme_id))
    return RedirectResponse("/staff/sustainability/funding", status_code=303)
