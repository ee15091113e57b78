"""The pupils' pages: type the class code, read what it is about, start the survey.

No account and no name: joining starts an ordinary resident draft (the survey's own screens,
offline resend and all) whose response id the class session remembers. Wrong codes are counted
per device exactly as workshop codes are (the same signed device cookie and the same counter),
so a guesser gains nothing by switching between the two kinds of code.
"""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.classes import service
from app.config import get_settings
from app.db import WriteSession
from app.i18n import negotiate
from app.models import Area, Campaign
from app.models.classes import ClassSession
from app.responses import drafts
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import render
from app.workshops import voting
from app.workshops.routes_phone import device_of, ensure_device

router = Router(include_in_schema=False)
COOKIE = "klasse"  # this device's draft token in a class, so joining twice goes on with it


async def _body(request: Request) -> FormData:
    return await request.form()


def _page(request: Request, ctx: dict, status: int = 200, offered: list[str] | None = None) -> HTMLResponse:
    response = render(request, "classes/pupil/join.html", {"typed": "", "problem": None, **ctx},
                      status_code=status, offered=offered)
    ensure_device(request, response)
    return response


@router.get("/klasse", response_class=HTMLResponse)
def join_form(request: Request, kode: str = "") -> HTMLResponse:
    """Type the code the teacher shows; the QR code's ?kode= only fills it in (looked up on Join)."""
    return _page(request, {"typed": service.normalise(kode)})


def _lookup(request: Request, session: Session, typed: str) -> ClassSession | HTMLResponse:
    """The session of a typed code, or the join page saying why not; a wrong code counts against
    the device, and a browser without a device cookie is never told whether a code is right."""
    device = device_of(request)
    if device is None:
        return _page(request, {"typed": typed, "problem": "cookies"}, 400)
    key = voting.device_key(device)
    if voting.too_many_lookups(session, key):
        return _page(request, {"typed": typed, "problem": "tries"}, 429)
    found = service.by_code(session, typed)
    if found is None:
        voting.record_failure(session, key)
        return _page(request, {"typed": typed, "problem": "unknown"}, 404)
    return found


Joined = tuple[ClassSession, Campaign, Area]


def _joinable(request: Request, session: Session, typed: str) -> Joined | HTMLResponse:
    found = _lookup(request, session, typed)
    if isinstance(found, HTMLResponse):
        return found
    campaign, area = session.get(Campaign, found.campaign_id), session.get(Area, found.area_id)
    assert campaign is not None and area is not None
    why = service.joinable(found, campaign, service.started(session, found))
    if why is not None:
        return _page(request, {"typed": typed, "problem": why}, 409)
    return found, campaign, area


@router.post("/klasse", response_model=None, dependencies=[Depends(verify_csrf)])
def check_code(request: Request, session: WriteSession, form: FormData = Depends(_body)) -> Response:
    """A right code shows what the class is answering and a start button; a wrong one counts."""
    typed = str(form.get("code", ""))[:40]
    found = _joinable(request, session, typed)
    if isinstance(found, HTMLResponse):
        return found
    cs, campaign, area = found
    lang = negotiate(request, campaign.locales)
    return _page(request, {"cs": cs, "campaign": campaign, "area": area, "typed": cs.code, "lang": lang},
                 offered=campaign.locales)


@router.post("/klasse/start", response_model=None, dependencies=[Depends(verify_csrf)])
def start(request: Request, session: WriteSession, form: FormData = Depends(_body)) -> Response:
    """Start this pupil's survey (or go on with the one this device started in the class)."""
    found = _joinable(request, session, str(form.get("code", ""))[:40])
    if isinstance(found, HTMLResponse):
        return found
    cs, campaign, area = found
    slug = campaign.public_slug or campaign.slug
    lang = negotiate(request, campaign.locales)
    token = request.cookies.get(COOKIE)
    draft = drafts.load(session, campaign, token)
    if draft is None or draft.submitted_at or not service.is_pupil(session, cs, draft.response_id):
        # Capped per session, not per address: a school's pupils share one.
        token, draft = drafts.start(session, campaign, area.slug, None, survey=cs.survey_slug)
        service.add_pupil(session, cs, draft.response_id)
    assert token is not None
    response = RedirectResponse(f"{drafts.step_url(slug, draft.step)}?lang={lang}", status_code=303)
    secure = get_settings().base_url.startswith("https")
    age = int(drafts.ttl().total_seconds())
    # The survey's own cookie (its pages find the draft by it) and ours (a second join goes on with it).
    response.set_cookie(drafts.COOKIE, token, max_age=age, path=f"/k/{slug}", httponly=True,
                        samesite="lax", secure=secure)
    response.set_cookie(COOKIE, token, max_age=age, path="/klasse", httponly=True, samesite="lax",
                        secure=secure)
    return response
