"""Facilitator pages: make a session, step through it, record for a group, agree principles, close."""

import uuid

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.auth.web import require
from app.common.paging import page_number
from app.common.text import ascii_int
from app.config import get_settings
from app.db import ReadSession, WriteSession
from app.dilemmas import access, answers, service
from app.dilemmas.routes_phone import save_answer, step_page
from app.dilemmas.scenarios import load_all, pick
from app.dilemmas.service import SessionForm
from app.dilemmas.vocab import EXAMPLE_NOTE, GROUP_MAX, PRINCIPLE_MAX, PRINCIPLES_MAX, TITLE_MAX
from app.i18n import negotiate
from app.models import User
from app.models.dilemmas import DilemmaSession
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = Router(prefix="/staff/dilemmas", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
RUN = require("dilemmas.run")


async def _body(request: Request) -> FormData:
    """The posted form, read before the route runs (routes are plain functions in the thread pool)."""
    return await request.form()


BODY = Depends(_body)


def _see(row: DilemmaSession, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/staff/dilemmas/{row.id}{anchor}", status_code=303)


def _scenario_choices(lang: str) -> list[tuple[str, str, bool, str]]:
    """(slug, title, is an example, summary) of every scenario file."""
    return [(s.slug, pick(s.title, lang, s.default_locale), s.example,
             pick(s.summary, lang, s.default_locale)) for s in load_all().values()]


def _new_form(request: Request, user: User, form: SessionForm, errors: dict | None = None,
              args: dict | None = None) -> HTMLResponse:
    return render(request, "dilemmas/new.html", {
        "user": user, "form": form, "scenarios": _scenario_choices(negotiate(request)),
        "errors": errors or {}, "error_args": {k: args or {} for k in errors or {}}, "title_max": TITLE_MAX,
        "group_max": GROUP_MAX,
        "example_note": EXAMPLE_NOTE}, status_code=400 if errors else 200)


@router.get("", response_class=HTMLResponse)
def list_sessions(request: Request, session: ReadSession, page: str = "1",
                  user: User = Depends(RUN)) -> HTMLResponse:
    """The organisation's sessions, newest first, and the scenarios to start one from."""
    found = service.sessions_page(session, user, page_number(page))
    return render(request, "dilemmas/list.html", {
        "user": user, "rows": found.items, "page": found, "page_url": lambda n: f"/staff/dilemmas?page={n}",
        "scenarios": _scenario_choices(negotiate(request)), "example_note": EXAMPLE_NOTE})


@router.get("/new", response_class=HTMLResponse)
def new_session(request: Request, scenario: str = "", user: User = Depends(RUN)) -> HTMLResponse:
    groups = "\n".join(f"{_group_word(request)} {n}" for n in (1, 2, 3))
    return _new_form(request, user, SessionForm(scenario=scenario[:40], groups=groups))


def _group_word(request: Request) -> str:
    return str(gettext_for(negotiate(request))("Group"))


@router.post("", response_model=None, dependencies=CSRF)
def create_session(request: Request, session: WriteSession, data: FormData = BODY,
                   user: User = Depends(RUN)) -> Response:
    """Store a new session; errors show next to their fields and nothing is stored."""
    form = SessionForm(title=str(data.get("title", ""))[:1000], scenario=str(data.get("scenario", ""))[:100],
                       groups=str(data.get("groups", ""))[:5000])
    errors, args = service.validate(form)
    if errors:
        return _new_form(request, user, form, errors, args)
    return _see(service.create(session, user, form))


def manage_page(request: Request, session: Session, user: User, row: DilemmaSession,
                principle: str = "", error: str | None = None, status: int = 200) -> HTMLResponse:
    lang = negotiate(request)
    scenario = service.scenario_of(row)
    done = {(a.group_id, a.step) for a in answers.answers_of(session, row)}
    return render(request, "dilemmas/manage.html", {
        "user": user, "row": row, "scenario": scenario, "groups": service.groups_of(session, row),
        "titles": [pick(s.title, lang, scenario.default_locale) for s in scenario.steps], "done": done,
        "last": service.last_step(row), "principles": service.principles_of(session, row),
        "principle": principle, "error": error, "new_id": str(uuid.uuid4()), "principle_max": PRINCIPLE_MAX,
        "principles_max": PRINCIPLES_MAX, "join_url": f"{get_settings().base_url}/d",
        "example_note": EXAMPLE_NOTE}, status_code=status)


@router.get("/{session_id}", response_class=HTMLResponse)
def manage(request: Request, session_id: int, session: ReadSession,
           user: User = Depends(RUN)) -> HTMLResponse:
    return manage_page(request, session, user, access.staff_session(session, session_id, user))


@router.post("/{session_id}/step", response_model=None, dependencies=CSRF)
def move(session_id: int, session: WriteSession, data: FormData = BODY,
         user: User = Depends(RUN)) -> Response:
    """Show another step on the screen and the phones; back to the presenter or the manage page."""
    row = access.staff_session(session, session_id, user)
    to = ascii_int(data.get("to"), maximum=999)
    if to is not None:
        service.move(session, row, to)
    if data.get("back") == "present":
        return RedirectResponse(f"/staff/dilemmas/{row.id}/present", status_code=303)
    return _see(row, "#steps")


@router.post("/{session_id}/close", response_model=None, dependencies=CSRF)
def close(session_id: int, session: WriteSession, data: FormData = BODY,
          user: User = Depends(RUN)) -> Response:
    row = access.staff_session(session, session_id, user)
    service.set_closed(session, row, data.get("closed") == "1")
    return _see(row)


@router.post("/{session_id}/principles", response_model=None, dependencies=CSRF)
def add_principle(request: Request, session_id: int, session: WriteSession, data: FormData = BODY,
                  user: User = Depends(RUN)) -> Response:
    """Record a principle the room agreed on; the form's own id makes a retried post add nothing."""
    row = access.staff_session(session, session_id, user)
    text = str(data.get("text", ""))[:PRINCIPLE_MAX * 4]
    error = service.principle_error(session, row, text)
    if error:
        return manage_page(request, session, user, row, text, error, 400)
    service.add_principle(session, row, str(data.get("id", ""))[:64], text)
    return _see(row, "#principles")


@router.post("/{session_id}/principles/{principle_id}/delete", response_model=None, dependencies=CSRF)
def remove_principle(session_id: int, principle_id: str, session: WriteSession,
                     user: User = Depends(RUN)) -> Response:
    row = access.staff_session(session, session_id, user)
    service.remove_principle(session, row, principle_id[:64])
    return _see(row, "#principles")


@router.get("/{session_id}/groups/{group_id}", response_class=HTMLResponse)
def record_form(request: Request, session_id: int, group_id: int, session: ReadSession,
                user: User = Depends(RUN)) -> HTMLResponse:
    """The facilitator types a group's answer (a group without phones, or notes from the table)."""
    row = access.staff_session(session, session_id, user)
    group = service.group_of(session, row, group_id)
    if group is None:
        raise HTTPException(404, "Page not found")
    return step_page(request, session, row, group, action=f"/staff/dilemmas/{row.id}/groups/{group.id}",
                     staff=user)


@router.post("/{session_id}/groups/{group_id}", response_model=None, dependencies=CSRF)
def record(request: Request, session_id: int, group_id: int, session: WriteSession, data: FormData = BODY,
           user: User = Depends(RUN)) -> Response:
    row = access.staff_session(session, session_id, user)
    group = service.group_of(session, row, group_id)
    if group is None:
        raise HTTPException(404, "Page not found")
    return save_answer(request, session, row, group, data, staff=user)
