"""Staff pages for field work: create a session, the tablet recorder, its service worker."""

import uuid

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.admin.forms import N_, FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.campaigns.service import areas_of
from app.common.errors import ApiError
from app.common.text import is_digits
from app.config import ROOT
from app.db import ReadSession, WriteSession, savepoint
from app.fieldwork import entry, service
from app.fieldwork.access import session_for
from app.fieldwork.service import SessionForm
from app.i18n import LANGUAGES
from app.models import Campaign, User
from app.responses.service import submit
from app.surveys.service import definition_for
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(include_in_schema=False)
CSRF = [Depends(verify_csrf)]
SW_SOURCE = ROOT / "static" / "js" / "field-sw.js"


async def _form(request: Request) -> FormData:
    return await request.form()


@router.get("/staff/campaigns/{slug}/sessions/new", response_class=HTMLResponse)
def new_session(
    request: Request,
    slug: str,
    session: ReadSession,
    user: User = Depends(require("fieldwork.record")),
) -> HTMLResponse:
    """The form for a new walk-and-talk or workshop."""
    campaign = campaign_for(session, user, slug)
    return _session_form(request, session, user, campaign, SessionForm())


def _session_form(
    request: Request,
    session: Session,
    user: User,
    campaign: Campaign,
    form: SessionForm,
    error: FormError | None = None,
) -> HTMLResponse:
    return form_page(
        request,
        "staff/session_form.html",
        {
            "user": user,
            "campaign": campaign,
            "form": form,
            "area_options": [(a.slug, a.name) for a in areas_of(session, campaign)],
        },
        error,
    )


@router.post("/staff/campaigns/{slug}/sessions/new", response_model=None, dependencies=CSRF)
def create_session(
    request: Request,
    slug: str,
    session: WriteSession,
    data: FormData = Depends(_form),
    user: User = Depends(require("fieldwork.record")),
) -> Response:
    """Create the session and open its recorder."""
    form = SessionForm(
        **{
            k: str(data.get(k, ""))[:5000]
            for k in ("kind", "title", "held_on", "area", "group_label", "stops")
        }
    )
    campaign = campaign_for(session, user, slug)
    try:
        row = service.create(session, user, campaign, form)
    except FormError as error:
        return _session_form(request, session, user, campaign, form, error)
    return see_other(f"/staff/field/{row.id}")


@router.get("/staff/field/sw.js")
def service_worker() -> Response:
    """The field service worker, served from the field pages' own path so its scope covers them."""
    return Response(
        SW_SOURCE.read_bytes(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/staff/field/"},
    )


def _recorder(
    request: Request,
    session: Session,
    user: User,
    session_id: int,
    values: dict | None = None,
    error: FormError | None = None,
    saved: str | None = None,
) -> HTMLResponse:
    row, campaign, area = session_for(session, user, session_id)
    survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
    assert survey is not None
    values = values or {}
    return form_page(
        request,
        "staff/field.html",
        {
            "user": user,
            "fs": row,
            "campaign": campaign,
            "area": area,
            "survey": survey,
            "counts": service.counts(session, row),
            "notes": service.notes_of(session, row),
            "values": values,
            "new_id": str(uuid.uuid4()),
            "saved": saved,
            "demo": campaign.is_demo,
            "closed_notice": service.not_recordable(campaign),
            "locale_options": [(c, LANGUAGES[c].name) for c in campaign.locales if c in LANGUAGES],
            "stop_options": [(str(i), s) for i, s in enumerate(row.stops)],
        },
        error,
    )


@router.get("/staff/field/{session_id}", response_class=HTMLResponse)
def recorder(
    request: Request,
    session_id: int,
    session: ReadSession,
    saved: str | None = None,
    user: User = Depends(require("fieldwork.record")),
) -> HTMLResponse:
    """The tablet page: record participants or a consensus, and notes per stop."""
    return _recorder(
        request, session, user, session_id, saved=saved if saved in ("response", "note") else None
    )


@router.post("/staff/field/{session_id}/responses", response_model=None, dependencies=CSRF)
def record_response(
    request: Request,
    session_id: int,
    session: WriteSession,
    form: FormData = Depends(_form),
    user: User = Depends(require("fieldwork.record")),
) -> Response:
    """Without JavaScript: store one participant or one consensus straight away."""
    row, campaign, area = session_for(session, user, session_id)
    survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
    assert survey is not None
    consensus = form.get("consensus") == "1"
    try:
        data = entry.build(
            form,
            survey,
            area=area.slug,
            mode=row.kind,
            locales=campaign.locales,
            session=row.id,
            consensus=consensus,
        )
        with savepoint(session):  # a refused submission leaves nothing behind
            submit(
                session,
                campaign,
                data,
                user,
                group_label=row.group_label,
                is_consensus=consensus,
                session_id=row.id,
            )
    except FormError as error:
        return _recorder(request, session, user, session_id, dict(form), error)
    except ApiError as exc:
        problem = (service.refused(campaign, "answers") if exc.code == "campaign_not_open" else FormError(
            {"answers": N_("This form was saved before with other answers. Reload the page and try again.")}))
        return _recorder(request, session, user, session_id, dict(form), problem)
    return see_other(f"/staff/field/{session_id}?saved=response")


@router.post("/staff/field/{session_id}/notes", response_model=None, dependencies=CSRF)
def record_note(
    request: Request,
    session_id: int,
    session: WriteSession,
    form: FormData = Depends(_form),
    user: User = Depends(require("fieldwork.record")),
) -> Response:
    """Without JavaScript: store a note for the session or one stop."""
    row, _campaign, _area = session_for(session, user, session_id)
    text, stop = str(form.get("note", "")), str(form.get("stop", ""))
    errors = {}
    if not text.strip() or len(text) > 4000:
        errors["note"] = N_("Write the note (at most 4000 characters).")
    if stop and not (is_digits(stop) and int(stop) < len(row.stops)):
        errors["stop"] = N_("Choose a stop.")
    if errors:
        return _recorder(request, session, user, session_id, dict(form), FormError(errors))
    try:
        note_id = str(uuid.UUID(str(form.get("note_id", ""))))
    except ValueError:
        note_id = str(uuid.uuid4())
    try:
        service.add_note(session, row, note_id, int(stop) if stop else None, text.strip())
    except ApiError:
        return _recorder(
            request,
            session,
            user,
            session_id,
            dict(form),
            FormError({"note": N_("This note was saved before with other text.")}),
        )
    return see_other(f"/staff/field/{session_id}?saved=note")
