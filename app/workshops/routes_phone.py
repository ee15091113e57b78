"""The politicians' phone pages: type the code, spread the points, change them until the round closes.

Plain forms and POST-redirect-GET: works with JavaScript off. Messages after a redirect are
chosen by a code, so nothing typed in a URL is ever shown. A device is a random id in a cookie
signed with the secret key; only a hash of it is stored with the ballot.
"""

import hashlib
import hmac
import secrets

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.common.security import same_secret
from app.common.text import is_digits
from app.config import get_settings
from app.db import ReadSession, WriteSession, unit_of_work
from app.i18n import negotiate
from app.models.workshops import VoteRound, Workshop
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import render
from app.workshops import deck, voting
from app.workshops.vocab import COMMENT_MAX, N_

router = Router(include_in_schema=False)
COOKIE = "verksted"
YEAR = 365 * 24 * 3600
MESSAGES = {
    "saved": N_("Thank you! Your points are saved. You can change them until the round closes."),
    "cookies": N_("Your browser must accept cookies from this site to vote. Reload the page and try again."),
}
CLOSED = N_("Voting in this round is closed, so these points were not counted.")


async def _body(request: Request) -> FormData:
    """The posted form, read before the route runs (routes are plain functions in the thread pool)."""
    return await request.form()


def _sign(value: str) -> str:
    return hmac.new(get_settings().secret_key.encode(), value.encode(), hashlib.sha256).hexdigest()[:24]


def device_of(request: Request) -> str | None:
    """The device hash from a valid cookie, or None (missing or tampered)."""
    raw, _, sig = request.cookies.get(COOKIE, "").partition(".")
    if not raw or not same_secret(sig, _sign("device:" + raw)):
        return None
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def ensure_device(request: Request, response: Response) -> None:
    """Give this browser a device cookie when it has no valid one."""
    if device_of(request) is None:
        raw = secrets.token_urlsafe(18)
        response.set_cookie(COOKIE, f"{raw}.{_sign('device:' + raw)}", max_age=YEAR, httponly=True,
                            samesite="lax", secure=get_settings().base_url.startswith("https"))


def _page(request: Request, template: str, ctx: dict, status: int = 200) -> HTMLResponse:
    response = render(request, template, ctx, status_code=status)
    ensure_device(request, response)
    return response


def _join(request: Request, typed: str = "", error: str | None = None, status: int = 200) -> HTMLResponse:
    return _page(request, "workshops/join.html", {"typed": typed, "error": error}, status)


def _find(session: Session, request: Request, typed: str, writing: bool,
          shown: str = "") -> Workshop | Response:
    """The workshop of a typed code, or the page saying why not. Codes are looked up only for a
    device (a browser without one gets it first), and a wrong code counts against that device: in
    the route's own transaction when it writes, else in a short one of its own (a code typed into
    the address bar must count too, or guessing by GET would be unlimited)."""
    device = device_of(request)
    if device is None:
        if request.method == "GET" and not request.query_params.get("d"):
            # A phone that scanned the QR code: give it a device and come straight back.
            again = RedirectResponse(f"{request.url.path}?d=1", status_code=303)
            ensure_device(request, again)
            return again
        return _join(request, shown, MESSAGES["cookies"], 400)
    key = voting.device_key(device)
    if voting.too_many_lookups(session, key):
        return _join(request, shown, N_("Too many wrong codes. Wait ten minutes and try again."), 429)
    workshop = voting.find(session, typed)
    if workshop is None:
        if writing:
            voting.record_failure(session, key)
        else:
            with unit_of_work() as counter:
                voting.record_failure(counter, key)
        return _join(request, shown, N_("No workshop has this code. Check the code on the screen."), 404)
    return workshop


@router.get("/v", response_class=HTMLResponse)
def join_form(request: Request) -> HTMLResponse:
    """Type the code shown on the projector."""
    return _join(request)


@router.post("/v", response_model=None, dependencies=[Depends(verify_csrf)])
def join(request: Request, session: WriteSession, form: FormData = Depends(_body)) -> Response:
    typed = str(form.get("code", ""))[:40]
    found = _find(session, request, typed, writing=True, shown=typed)
    if isinstance(found, Response):
        return found
    return RedirectResponse(f"/v/{found.code}", status_code=303)


def _vote_page(request: Request, session: Session, workshop: Workshop, vote_round: VoteRound | None,
               values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
               status: int = 200, message: str | None = None) -> HTMLResponse:
    lang = negotiate(request)
    ballot = voting.ballot_of(session, vote_round, device_of(request)) if vote_round else None
    if values is None:
        values = {f"p-{o}": str(n) for o, n in (ballot.points.items() if ballot else [])}
        values["comment"] = ballot.comment if ballot else ""
    given = sum(ballot.points.values()) if ballot else 0
    names = deck.option_names(session, workshop, lang, vote_round.options) if vote_round else {}
    return _page(request, "workshops/vote.html", {
        "workshop": workshop, "round": vote_round, "names": names, "values": values,
        "errors": errors or {}, "ballot": ballot, "given": given, "comment_max": COMMENT_MAX,
        "message": message or MESSAGES.get(request.query_params.get("m", "")),
        "total_typed": sum(int(v) for k, v in values.items() if k.startswith("p-") and is_digits(v.strip())),
    }, status)


@router.get("/v/{code}", response_class=HTMLResponse)
def vote_page(request: Request, code: str, session: ReadSession) -> Response:
    """The open round's options with this device's points filled in, or a note that voting is closed."""
    found = _find(session, request, code, writing=False)
    if isinstance(found, Response):
        return found
    return _vote_page(request, session, found, voting.current_round(session, found))


@router.post("/v/{code}", response_model=None, dependencies=[Depends(verify_csrf)])
def vote(request: Request, code: str, session: WriteSession, body: FormData = Depends(_body)) -> Response:
    """Store this device's points (replacing its earlier ones); a closed round stores nothing."""
    found = _find(session, request, code, writing=True)
    if isinstance(found, Response):
        return found
    form = {k: str(v)[:1000] for k, v in body.items()}
    vote_round = voting.current_round(session, found)
    if vote_round is None or str(vote_round.number) != form.get("round", "") or not vote_round.is_open:
        return _vote_page(request, session, found, vote_round, form, status=409, message=CLOSED)
    device = device_of(request)
    if device is None:
        return RedirectResponse(f"/v/{found.code}?m=cookies", status_code=303)
    points, errors = voting.parse_points(vote_round, form)
    if errors:
        return _vote_page(request, session, found, vote_round, form, errors, 400)
    try:
        voting.cast(session, vote_round, device, points, form.get("comment", "").strip())
    except voting.Closed:
        return _vote_page(request, session, found, vote_round, form, status=409, message=CLOSED)
    return RedirectResponse(f"/v/{found.code}?m=saved", status_code=303)

