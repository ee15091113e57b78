"""Resident pages: landing, one theme per screen, profile, thank-you and the resume link.

Plain forms with POST-redirect-GET; every screen is saved as a draft before moving on. A post
sent by static/js/resident.js (header X-Medvirk-Fetch) gets the next address as JSON instead of
a redirect, so a dropped connection leaves the screen in hand on the phone.
"""

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.campaigns.access import published
from app.campaigns.invitations import is_valid, normalise
from app.common.clients import client_address
from app.config import get_settings
from app.db import ReadSession, WriteSession, is_read_only
from app.models.drafts import Draft
from app.responses import drafts
from app.responses.forms import read_profile, read_theme, theme_values
from app.responses.sending import send
from app.responses.view import Screen, not_found
from app.surveys.service import offered
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/k", include_in_schema=False)


async def _form(request: Request) -> FormData:
    return await request.form()


async def _csrf_ok(request: Request) -> bool:
    """Whether the form's CSRF token matches; a lost cookie re-shows the screen instead of a 403."""
    try:
        await verify_csrf(request)
    except HTTPException:
        return False
    return True


def _lang_switch(go: str, offered: list[str]) -> str | None:
    """The language a language button asks for ("lang:uk"), when the campaign offers it."""
    code = go.removeprefix("lang:") if go.startswith("lang:") else None
    return code if code in offered else None


def _go(request: Request, url: str, slug: str, token: str | None = None) -> Response:
    """Where to go next: a 303 for plain forms, JSON for the small script."""
    response: Response
    if request.headers.get("x-medvirk-fetch"):
        response = JSONResponse({"go": url})
    else:
        response = RedirectResponse(url, status_code=303)
    if token:
        # The draft's key lives only in this cookie (and the resume link); scoped to the survey.
        response.set_cookie(drafts.COOKIE, token, max_age=int(drafts.ttl().total_seconds()),
                            path=f"/k/{slug}", httponly=True, samesite="lax",
                            secure=get_settings().base_url.startswith("https"))
    return response


def _screen(request: Request, session: Session, slug: str, version: str | None = None) -> Screen:
    # A campaign's draft (unpublished) has no public address: 404 as unknown. A page that only reads
    # takes this phone's draft from the same statement; one that writes loads it to change it.
    key = drafts.key(request.cookies.get(drafts.COOKIE)) if is_read_only(session) else None
    found = published(session, slug, key)
    if found is None:
        raise not_found(request)
    return Screen.build(request, session, found, version)


def _live(screen: Screen) -> Draft | None:
    """This phone's draft that is still being answered."""
    draft = screen.draft
    return None if draft is None or draft.submitted_at else draft


@router.get("/{slug}", response_class=HTMLResponse)
def landing(request: Request, slug: str, session: ReadSession, code: str = "",
            area: str = "", v: str = "") -> Response:
    """Title, intro, privacy statement, area choice (?area= from a poster preselects), the version
    choice when the campaign offers several (?v= from a link preselects) and start."""
    screen = _screen(request, session, slug, v[:64] or None)
    draft = _live(screen)
    errors = {}
    code = normalise(code)[:32]
    if code and not is_valid(session, screen.campaign, code):
        errors["code"] = screen._("This invitation code is unknown or already used.")
    known = {a.slug for a in screen.areas}
    chosen = area if area in known else (draft.area or "") if draft else ""
    values = {"area": chosen, "code": code, "poster_area": area if area in known else "",
              "version": screen.survey.slug}
    return screen.landing(draft, values, errors)


@router.post("/{slug}")
def begin(request: Request, slug: str, session: WriteSession, area: str = Form(""),
          code: str = Form(""), version: str = Form(""), csrf_ok: bool = Depends(_csrf_ok)) -> Response:
    """Start (or go on with) this phone's draft in the chosen area (and version of the survey)."""
    screen = _screen(request, session, slug)
    campaign, _ = screen.campaign, screen._
    versions = offered(campaign)
    version = versions[0] if len(versions) == 1 else version[:64]
    if not screen.accepting:
        return _go(request, f"/k/{slug}", slug)
    areas = [a.slug for a in screen.areas]
    area = areas[0] if len(areas) == 1 else area
    draft = _live(screen)
    errors = {}
    if area not in areas:
        errors["area"] = _("Choose the area you are answering about.")
    if version not in versions:
        errors["version"] = _("Choose the version of the survey that fits you.")
    code = normalise(code)[:32]
    if code and not is_valid(session, campaign, code):
        errors["code"] = _("This invitation code is unknown or already used.")
    elif not code and screen.invitation_only and not (draft and draft.invitation_code):
        errors["code"] = _("Enter the code from your invitation.")
    if not csrf_ok:
        errors["form"] = _("This page had been open for a long time, so nothing was saved yet. "
                           "Your choices are still here: press the button again.")
    if errors:
        return screen.landing(draft, {"area": area, "code": code, "version": version}, errors,
                              status=400)
    chosen = None if version == campaign.survey_slug else version  # a draft names other versions only
    if draft is not None:
        drafts.set_start(session, draft, area, code or None, chosen)
        return _go(request, drafts.step_url(slug, draft.step), slug, screen.token)
    token, draft = drafts.start(session, campaign, area, code or None, client=client_address(request),
                                survey=chosen)
    return _go(request, drafts.step_url(slug, "1"), slug, token)


@router.get("/{slug}/tema/{n}", response_class=HTMLResponse)
def theme_page(request: Request, slug: str, n: int, session: ReadSession) -> Response:
    """One theme: the question, prompts, the scale and two comment boxes."""
    screen = _screen(request, session, slug)
    theme = screen.theme(n)
    draft = screen.draft
    if draft is None or not screen.accepting:
        return RedirectResponse(f"/k/{slug}", status_code=303)
    if draft.submitted_at:
        return RedirectResponse(f"/k/{slug}/takk", status_code=303)
    return screen.theme_form(n, theme_values(draft.answers.get(theme.slug)), {}, area=draft.area or "")


@router.post("/{slug}/tema/{n}")
def theme_save(request: Request, slug: str, n: int, session: WriteSession, go: str = Form("next"),
               form: FormData = Depends(_form), csrf_ok: bool = Depends(_csrf_ok)) -> Response:
    """Save this theme's answer in the draft, then move back, on, stay, or switch language."""
    screen = _screen(request, session, slug)
    theme = screen.theme(n)
    if not screen.accepting:
        return _go(request, f"/k/{slug}", slug)
    values, errors, answer = read_theme(form, screen.survey, screen._)
    area = str(form.get("area", ""))
    token = screen.token
    draft = drafts.load(session, screen.campaign, token)
    if not csrf_ok and draft is not None:  # a stale form: show the screen again, answers kept
        return screen.theme_form(n, values, {**errors, "form": screen._(
            "This screen had been open for a long time, so it was not saved yet. Your answers are "
            "still here: press the button again.")}, status=400, area=area)
    if draft is None:
        restart = screen.may_restart(area)
        if csrf_ok and restart and not errors and form.get("restart") == "1":  # told, pressed on
            token, draft = drafts.start(session, screen.campaign, area, None,
                                        client=client_address(request))
        else:
            return screen.theme_form(n, values, {**errors, "form": _lost(screen, restart)},
                                     status=409, area=area, restart=restart)
    if draft.submitted_at:  # a back-button resend after sending: nothing more to store
        return _go(request, f"/k/{slug}/takk", slug)
    if errors:
        return screen.theme_form(n, values, errors, status=400, area=draft.area or "")
    total = len(screen.survey.themes)
    switch = _lang_switch(go, screen.campaign.locales)
    if switch:  # saved first, then the same screen in the chosen language
        step = str(n)
        target = f"{drafts.step_url(slug, step)}?lang={switch}"
    elif go == "back":
        step = str(max(n - 1, 1))
        target = f"/k/{slug}" if n == 1 else drafts.step_url(slug, step)
    elif go == "stay":
        step = str(n)
        target = drafts.step_url(slug, step)
    else:
        step = str(n + 1) if n < total else drafts.PROFILE_STEP
        target = drafts.step_url(slug, step)
    drafts.save_answer(session, draft, theme.slug, answer, step)
    return _go(request, target, slug, token)


def _lost(screen: Screen, restart: bool) -> str:
    """What to do when this phone no longer holds its draft (a deleted or blocked cookie)."""
    _ = screen._
    lost = _("This phone no longer remembers your earlier answers (the browser may have deleted its "
             "cookie). If you kept the link to continue later, open it to get them back.")
    if restart:
        return lost + " " + _("Otherwise press Next: the answers on this screen are still here, "
                              "are saved, and you go on from here.")
    return lost + " " + _("Otherwise start again from the survey's first page.")


@router.get("/{slug}/om-deg", response_class=HTMLResponse)
def profile_page(request: Request, slug: str, session: ReadSession) -> Response:
    """The optional questions about the resident, then send."""
    screen = _screen(request, session, slug)
    draft = screen.draft
    if draft is None or not screen.accepting:
        return RedirectResponse(f"/k/{slug}", status_code=303)
    if draft.submitted_at:
        return RedirectResponse(f"/k/{slug}/takk", status_code=303)
    return screen.profile_form(dict(draft.profile), {})


@router.post("/{slug}/om-deg")
def profile_save(request: Request, slug: str, session: WriteSession, go: str = Form("send"),
                 form: FormData = Depends(_form), csrf_ok: bool = Depends(_csrf_ok)) -> Response:
    """Save the profile; on send, store the response once and thank the resident."""
    screen = _screen(request, session, slug)
    values, errors = read_profile(form, screen.profile_questions, screen._)
    if not csrf_ok:
        return screen.profile_form(values, {**errors, "form": screen._(
            "This screen had been open for a long time, so it was not saved yet. Your answers are "
            "still here: press the button again.")}, status=400)
    draft = drafts.load(session, screen.campaign, screen.token)
    if draft is None:
        return screen.profile_form(values, {"form": _lost(screen, False)}, status=409)
    if draft.submitted_at:  # a double tap or a retry: the response is stored already
        return _go(request, f"/k/{slug}/takk", slug)
    if not screen.accepting:
        return _go(request, f"/k/{slug}", slug)
    if errors:
        return screen.profile_form(values, errors, status=400)
    switch = _lang_switch(go, screen.campaign.locales)
    step = str(len(screen.survey.themes)) if go == "back" else drafts.PROFILE_STEP
    drafts.save_profile(session, draft, values, step)
    if switch:
        return _go(request, f"{drafts.step_url(slug, step)}?lang={switch}", slug, screen.token)
    if go != "send":  # back, or stay
        return _go(request, drafts.step_url(slug, step), slug, screen.token)
    if screen.invitation_only and not draft.invitation_code:  # made invitation-only meanwhile:
        return _go(request, f"/k/{slug}", slug)  # the start page asks for the code
    problem = send(session, screen.campaign, draft, screen.lang, screen._)
    if problem:
        return screen.profile_form(values, {"form": problem}, status=409)
    return _go(request, f"/k/{slug}/takk", slug, screen.token)


@router.get("/{slug}/takk", response_class=HTMLResponse)
def thanks(request: Request, slug: str, session: ReadSession) -> Response:
    """Thank the resident, say what happens next, and link public results."""
    screen = _screen(request, session, slug)
    draft = screen.draft
    if draft is None or draft.submitted_at is None:
        return RedirectResponse(f"/k/{slug}", status_code=303)
    return screen.render("resident/thanks.html", {"reference": draft.response_id})


@router.get("/{slug}/fortsett/{token}", response_class=HTMLResponse)
def resume(request: Request, slug: str, token: str, session: ReadSession) -> Response:
    """Take up a draft on any phone: the link's token becomes this phone's cookie."""
    screen = _screen(request, session, slug)
    draft = drafts.load(session, screen.campaign, token)
    if draft is None:
        _ = screen._
        return screen.message(_("This link no longer works"), _(
            "The link may be mistyped, or the unfinished answers were deleted after %(days)s days. "
            "You are welcome to start again.") % {"days": get_settings().draft_ttl_days}, status=404)
    target = f"/k/{slug}/takk" if draft.submitted_at else drafts.step_url(slug, draft.step)
    lang = request.query_params.get("lang")
    if lang in screen.campaign.locales:  # the link keeps the language it was given in
        target += f"?lang={lang}"
    return _go(request, target, slug, token)

