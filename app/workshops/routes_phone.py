"""The politicians' phone pages: type the code, spread the points, change them until the round closes.

Plain forms and POST-redirect-GET: works with JavaScript off. Messages after a redirect are
chosen by a code, so nothing typed in a URL is ever shown.
"""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.db import get_session
from app.i18n import negotiate
from app.models.workshops import VoteRound, Workshop
from app.web.security import verify_csrf
from app.web.templating import render
from app.workshops import deck, voting
from app.workshops.vocab import COMMENT_MAX, N_

router = APIRouter(include_in_schema=False)
MESSAGES = {
    "saved": N_("Thank you! Your points are saved. You can change them until the round closes."),
    "cookies": N_("Your browser must accept cookies from this site to vote. Reload the page and try again."),
}


def _page(request: Request, template: str, ctx: dict, status: int = 200) -> HTMLResponse:
    response = render(request, template, ctx, status_code=status)
    voting.ensure_device(request, response)
    return response


def _join(request: Request, typed: str = "", error: str | None = None, status: int = 200) -> HTMLResponse:
    return _page(request, "workshops/join.html", {"typed": typed, "error": error}, status)


@router.get("/v", response_class=HTMLResponse)
def join_form(request: Request) -> HTMLResponse:
    """Type the code shown on the projector."""
    return _join(request)


@router.post("/v", response_model=None, dependencies=[Depends(verify_csrf)])
async def join(request: Request, session: Session = Depends(get_session)) -> Response:
    typed = str((await request.form()).get("code", ""))[:40]
    if voting.too_many_lookups(session, request):
        return _join(request, typed, N_("Too many wrong codes. Wait ten minutes and try again."), 429)
    workshop = voting.find(session, request, typed)
    if workshop is None:
        return _join(request, typed, N_("No workshop has this code. Check the code on the screen."), 404)
    return RedirectResponse(f"/v/{workshop.code}", status_code=303)


def _workshop(session: Session, request: Request, code: str) -> Workshop | HTMLResponse:
    if voting.too_many_lookups(session, request):
        return _join(request, "", N_("Too many wrong codes. Wait ten minutes and try again."), 429)
    workshop = voting.find(session, request, code)
    if workshop is None:
        return _join(request, "", N_("No workshop has this code. Check the code on the screen."), 404)
    return workshop


def _vote_page(request: Request, session: Session, workshop: Workshop, vote_round: VoteRound | None,
               values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
               status: int = 200, message: str | None = None) -> HTMLResponse:
    lang = negotiate(request)
    ballot = voting.ballot_of(session, vote_round, voting.device_of(request)) if vote_round else None
    if values is None:
        values = {f"p-{o}": str(n) for o, n in (ballot.points.items() if ballot else [])}
        values["comment"] = ballot.comment if ballot else ""
    given = sum(ballot.points.values()) if ballot else 0
    names = deck.option_names(session, workshop, lang, vote_round.options) if vote_round else {}
    return _page(request, "workshops/vote.html", {
        "workshop": workshop, "round": vote_round, "names": names, "values": values,
        "errors": errors or {}, "ballot": ballot, "given": given, "comment_max": COMMENT_MAX,
        "message": message or MESSAGES.get(request.query_params.get("m", "")),
        "total_typed": sum(int(v) for k, v in values.items() if k.startswith("p-") and v.strip().isdigit()),
    }, status)


@router.get("/v/{code}", response_class=HTMLResponse)
def vote_page(request: Request, code: str, session: Session = Depends(get_session)) -> HTMLResponse:
    """The open round's options with this device's points filled in, or a note that voting is closed."""
    found = _workshop(session, request, code)
    if isinstance(found, HTMLResponse):
        return found
    return _vote_page(request, session, found, voting.current_round(session, found))


@router.post("/v/{code}", response_model=None, dependencies=[Depends(verify_csrf)])
async def vote(request: Request, code: str, session: Session = Depends(get_session)) -> Response:
    """Store this device's points (replacing its earlier ones); a closed round stores nothing."""
    found = _workshop(session, request, code)
    if isinstance(found, HTMLResponse):
        return found
    form = {k: str(v)[:1000] for k, v in (await request.form()).items()}
    vote_round = voting.current_round(session, found)
    if vote_round is None or str(vote_round.number) != form.get("round", "") or not vote_round.is_open:
        return _vote_page(request, session, found, vote_round, form, status=409, message=N_(
            "Voting in this round is closed, so these points were not counted."))
    device = voting.device_of(request)
    if device is None:
        return RedirectResponse(f"/v/{found.code}?m=cookies", status_code=303)
    points, errors = voting.parse_points(vote_round, form)
    if errors:
        return _vote_page(request, session, found, vote_round, form, errors, 400)
    try:
        voting.cast(session, vote_round, device, points, form.get("comment", "").strip())
    except voting.Closed:
        return _vote_page(request, session, found, vote_round, form, status=409, message=N_(
            "Voting in this round is closed, so these points were not counted."))
    return RedirectResponse(f"/v/{found.code}?m=saved", status_code=303)
