"""The groups' phone pages: type the code, pick the group, answer the step on the screen.

Plain forms and POST-redirect-GET: works with JavaScript off. A code is only ever looked up by a
POST, for a phone with a device cookie, and wrong codes count against that device (shared with
the politisk verksted's codes, so switching between the two buys no extra guesses).
"""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.common.text import is_digits
from app.db import ReadSession, WriteSession
from app.dilemmas import access, answers, service
from app.dilemmas.answers import AnswerForm
from app.dilemmas.vocab import EFFECTS, EXAMPLE_NOTE, N_, TEXT_MAX
from app.i18n import negotiate
from app.models import User
from app.models.dilemmas import DilemmaGroup, DilemmaSession
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import render
from app.workshops import voting
from app.workshops.routes_phone import device_of, ensure_device
from app.workshops.vocab import CODE_ALPHABET, CODE_LENGTH

router = Router(include_in_schema=False)
CSRF = [Depends(verify_csrf)]
SAVED = N_("Saved. You can change your answer until the facilitator closes the session.")
MESSAGES = {"saved": SAVED}


async def _body(request: Request) -> FormData:
    """The posted form, read before the route runs (routes are plain functions in the thread pool)."""
    return await request.form()


def _page(request: Request, template: str, ctx: dict, status: int = 200) -> HTMLResponse:
    response = render(request, template, ctx, status_code=status)
    ensure_device(request, response)
    return response


def _join(request: Request, typed: str = "", error: str | None = None, status: int = 200) -> HTMLResponse:
    return _page(request, "dilemmas/join.html", {"typed": typed, "error": error}, status)


@router.get("/d", response_class=HTMLResponse)
def join_form(request: Request, code: str = "") -> HTMLResponse:
    """Type the code shown on the projector (the QR code fills it in; nothing is looked up here)."""
    return _join(request, code[:40])


@router.post("/d", response_model=None, dependencies=CSRF)
def join(request: Request, session: WriteSession, form: FormData = Depends(_body)) -> Response:
    typed = str(form.get("code", ""))[:40]
    device = device_of(request)
    if device is None:
        return _join(request, typed, N_("Your browser must accept cookies from this site. Reload the page "
                                        "and try again."), 400)
    key = voting.device_key(device)
    if voting.too_many_lookups(session, key):
        return _join(request, typed, N_("Too many wrong codes. Wait ten minutes and try again."), 429)
    code = voting.normalise_code(typed)
    row = None
    if len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET):
        row = service.find_by_code(session, code)
    if row is None:
        voting.record_failure(session, key)
        return _join(request, typed, N_("No session has this code. Check the code on the screen."), 404)
    response = RedirectResponse(f"/d/{row.id}", status_code=303)
    access.admit(request, response, row)
    return response


def _admitted(request: Request, session: Session, session_id: int) -> DilemmaSession | None:
    row = session.get(DilemmaSession, session_id)
    return row if access.admitted(request, row) else None


@router.get("/d/{session_id}", response_class=HTMLResponse, response_model=None)
def choose_group(request: Request, session_id: int, session: ReadSession) -> Response:
    """Which group is this phone in?"""
    row = _admitted(request, session, session_id)
    if row is None:
        return RedirectResponse("/d", status_code=303)
    scenario = service.scenario_of(row)
    return _page(request, "dilemmas/groups.html", {
        "row": row, "scenario": scenario, "groups": service.groups_of(session, row),
        "example_note": EXAMPLE_NOTE})


def step_page(request: Request, session: Session, row: DilemmaSession, group: DilemmaGroup,
              form: AnswerForm | None = None, errors: dict[str, str] | None = None, status: int = 200,
              message: str | None = None, action: str = "", staff: User | None = None) -> HTMLResponse:
    """One step with the group's answer form; shared by the phones and the facilitator's recording."""
    lang = negotiate(request)
    scenario = service.scenario_of(row)
    shown = min(row.step, len(scenario.injects))  # never a step the facilitator has not shown yet
    asked = form.step if form is not None else request.query_params.get("step", "") if staff else ""
    step = min(int(asked), shown) if is_digits(asked) and len(asked) < 4 else shown
    if form is None:
        form = AnswerForm.of(answers.answer_of(session, group, step), step)
    ctx = {"row": row, "scenario": scenario, "group": group, "step": step, "s": scenario.steps[step],
           "form": form, "errors": errors or {}, "effects": EFFECTS, "text_max": TEXT_MAX,
           "names": scenario.names(lang), "tl": scenario.text_lang(lang), "example_note": EXAMPLE_NOTE,
           "message": message or MESSAGES.get(request.query_params.get("m", "")),
           "action": action or f"/d/{row.id}/{group.id}", "at_end": row.step > len(scenario.injects),
           "staff": staff, "user": staff}
    if staff is not None:
        return render(request, "dilemmas/record.html", ctx, status_code=status)
    return _page(request, "dilemmas/step.html", ctx, status)


@router.get("/d/{session_id}/{group_id}", response_class=HTMLResponse, response_model=None)
def group_step(request: Request, session_id: int, group_id: int, session: ReadSession) -> Response:
    """The step on the screen now, with what the group has answered to it so far."""
    row = _admitted(request, session, session_id)
    group = service.group_of(session, row, group_id) if row else None
    if row is None or group is None:
        return RedirectResponse("/d", status_code=303)
    return step_page(request, session, row, group)


@router.post("/d/{session_id}/{group_id}", response_model=None, dependencies=CSRF)
def answer(request: Request, session_id: int, group_id: int, session: WriteSession,
           body: FormData = Depends(_body)) -> Response:
    """Store the group's answer to the step; refused input comes back with what was typed."""
    row = _admitted(request, session, session_id)
    group = service.group_of(session, row, group_id) if row else None
    if row is None or group is None:
        return RedirectResponse("/d", status_code=303)
    return save_answer(request, session, row, group, body)


def save_answer(request: Request, session: Session, row: DilemmaSession, group: DilemmaGroup,
                body: FormData, staff: User | None = None) -> Response:
    """Check and store one answer (phones and staff alike); a retried post updates the same row."""
    scenario = service.scenario_of(row)
    form = AnswerForm.read({k: str(v)[:TEXT_MAX * 2] for k, v in body.items()}, scenario)
    action = f"/staff/dilemmas/{row.id}/groups/{group.id}" if staff else ""
    if row.closed_at is not None:
        return step_page(request, session, row, group, form, status=409, message=answers.CLOSED,
                         action=action, staff=staff)
    step, errors = answers.check(form, row)
    if errors or step is None:
        return step_page(request, session, row, group, form, errors, 400, action=action, staff=staff)
    answers.save(session, row, group, step, form, staff.id if staff else None)
    where = f"{action}?step={step}&m=saved" if staff else f"/d/{row.id}/{group.id}?m=saved"
    return RedirectResponse(where, status_code=303)
