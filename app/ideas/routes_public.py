"""The phone pages of a board (no JavaScript needed, POST-redirect-GET) and the projector view."""

import uuid

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.db import get_session
from app.i18n import negotiate
from app.ideas import boards, participants, schemas, service
from app.ideas.vocab import ACTORS, EVENT_KINDS, N_, PROPOSERS, STATUSES, text_direction
from app.models.ideas import Board, Idea
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)
BOARD_LIST = 40
# Messages after a redirect are chosen by code, so nothing typed in a URL is ever shown.
MESSAGES = {
    "posted": N_("Thank you! Your idea is on the board."),
    "pending": N_("Thank you! Your idea shows once the municipality has looked at it."),
    "supported": N_("Thank you for your support."),
    "already": N_("You support this idea already. Each person can support an idea once."),
    "commented": N_("Thank you for your comment."),
    "comment_pending": N_("Thank you! Your comment shows once the municipality has looked at it."),
    "flagged": N_("Thank you. The municipality will look at this idea."),
    "joined": N_("You are in the room. You can post and support ideas now."),
    "room": N_("Type the room code shown in the room first."),
    "limit": N_("You have done this many times in a short while. Wait a few minutes and try again."),
    "cookies": N_(
        "Your browser must accept cookies from this site to take part. Reload the page and try again."
    ),
    "closed": N_("This board is closed for new posts."),
}
LIMIT_MESSAGE, CLOSED_MESSAGE = MESSAGES["limit"], MESSAGES["closed"]


def _page(request: Request, template: str, ctx: dict, status: int = 200) -> HTMLResponse:
    response = render(request, template, ctx, status_code=status)
    participants.ensure(request, response)
    return response


def _common(session: Session, request: Request, board: Board) -> dict:
    lang = negotiate(request)
    campaign = boards.campaign_of(session, board)
    participant = participants.read(request)
    message = request.query_params.get("m", "")
    return {
        "board": board,
        "campaign": campaign,
        "area": boards.area_of(session, board),
        "themes": boards.theme_names(campaign, lang),
        "participant": participant,
        "in_room": participants.in_room(request, board, participant),
        "demo": campaign.is_demo,
        "message": MESSAGES.get(message),
        "message_kind": message,
        "statuses": STATUSES,
        "actors": ACTORS,
        "proposers": PROPOSERS,
        "event_kinds": EVENT_KINDS,
        "rtl": text_direction,
    }


def _idea_or_404(session: Session, board: Board, idea_id: str, participant: str | None) -> Idea:
    idea = service.get_idea(session, board, idea_id)
    if idea is None or (idea.visibility == "pending" and idea.participant != participant):
        raise HTTPException(404, "Page not found")
    return idea


@router.get("/b/{slug}", response_class=HTMLResponse)
def board_page(slug: str, request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    """The board on a phone: the opening challenges and the ideas, newest first."""
    board = boards.get_board(session, slug)
    ctx = _common(session, request, board)
    ideas = service.ideas_of(session, board, ctx["participant"], limit=BOARD_LIST)
    ctx.update(
        challenges=boards.challenges_of(session, board),
        ideas=ideas,
        supports=service.support_counts(session, [i.id for i in ideas]),
        room_code="",
        room_error=None,
    )
    return _page(request, "ideas/board.html", ctx)


@router.post("/b/{slug}/room", response_model=None, dependencies=[Depends(verify_csrf)])
async def join_room(slug: str, request: Request, session: Session = Depends(get_session)) -> Response:
    """Check the room code typed on the phone."""
    board = boards.get_board(session, slug)
    participant = participants.read(request)
    if participant is None:
        return RedirectResponse(f"/b/{slug}?m=cookies", status_code=303)
    code = str((await request.form()).get("code", ""))[:40]
    if participants.code_matches(board, code):
        response = RedirectResponse(f"/b/{slug}?m=joined", status_code=303)
        participants.enter_room(response, board, participant)
        return response
    _ = gettext_for(negotiate(request))
    ctx = _common(session, request, board)
    ideas = service.ideas_of(session, board, participant, limit=BOARD_LIST)
    ctx.update(
        challenges=boards.challenges_of(session, board),
        ideas=ideas,
        supports=service.support_counts(session, [i.id for i in ideas]),
        room_code=code,
        room_error=_("That is not the room code. Check it and try again."),
    )
    return _page(request, "ideas/board.html", ctx, status=400)


def _gate(request: Request, board: Board) -> tuple[str | None, str | None]:
    """(participant, None) when they may post, else (participant, the message code why not)."""
    participant = participants.read(request)
    if participant is None:
        return None, "cookies"
    if not board.is_open:
        return participant, "closed"
    if not participants.in_room(request, board, participant):
        return participant, "room"
    return participant, None


@router.get("/b/{slug}/new", response_class=HTMLResponse)
def new_idea(
    slug: str, request: Request, theme: str = "", session: Session = Depends(get_session)
) -> HTMLResponse:
    """The idea form; it carries a fresh id so posting it twice stores one idea."""
    board = boards.get_board(session, slug)
    ctx = _common(session, request, board)
    data = {
        "id": str(uuid.uuid4()),
        "title": "",
        "description": "",
        "place": "",
        "proposer_type": "",
        "proposer_name": "",
        "themes": [theme] if theme in ctx["themes"] else [],
        "actors": [],
    }
    ctx.update(data=data, errors={})
    return _page(request, "ideas/new.html", ctx)


@router.post("/b/{slug}/ideas", response_model=None, dependencies=[Depends(verify_csrf)])
async def post_idea(slug: str, request: Request, session: Session = Depends(get_session)) -> Response:
    """Store an idea, or show the form again with what was typed and a message per field."""
    board = boards.get_board(session, slug)
    participant, refused = _gate(request, board)
    if refused or participant is None:
        return RedirectResponse(f"/b/{slug}?m={refused}", status_code=303)
    ctx = _common(session, request, board)
    _ = gettext_for(negotiate(request))
    data, errors = schemas.idea_form(await request.form(), list(ctx["themes"]), _)
    status = 400
    if (
        not errors
        and session.get(Idea, data["id"]) is None
        and participants.over_limit(session, board, participant, "idea")
    ):
        errors, status = {"form": _(LIMIT_MESSAGE)}, 429
    if not errors:
        try:
            idea = service.create_idea(session, board, data, participant, negotiate(request))
        except service.Refused as exc:
            errors, status = {"form": _(exc.message)}, 409
        else:
            done = "pending" if idea.visibility == "pending" else "posted"
            return RedirectResponse(f"/b/{slug}/i/{idea.id}?m={done}", status_code=303)
    ctx.update(data=data, errors=errors)
    return _page(request, "ideas/new.html", ctx, status=status)


def _idea_ctx(session: Session, request: Request, board: Board, idea: Idea) -> dict:
    ctx = _common(session, request, board)
    ctx.update(
        v=service.view(session, idea, ctx["participant"]),
        comment_data={},
        comment_errors={},
        supported=service.has_supported(session, idea, ctx["participant"]),
        new_id=lambda: str(uuid.uuid4()),
        flag_error=None,
    )
    return ctx


@router.get("/b/{slug}/i/{idea_id}", response_class=HTMLResponse)
def idea_page(
    slug: str, idea_id: str, request: Request, session: Session = Depends(get_session)
) -> HTMLResponse:
    """One idea: text, supports, comments with replies, and its public status history."""
    board = boards.get_board(session, slug)
    idea = _idea_or_404(session, board, idea_id, participants.read(request))
    return _page(request, "ideas/idea.html", _idea_ctx(session, request, board, idea))


@router.post("/b/{slug}/i/{idea_id}/support", dependencies=[Depends(verify_csrf)])
async def support_idea(
    slug: str, idea_id: str, request: Request, session: Session = Depends(get_session)
) -> RedirectResponse:
    """Support once; supporting again changes nothing and says so."""
    board = boards.get_board(session, slug)
    participant, refused = _gate(request, board)
    idea = _idea_or_404(session, board, idea_id, participant)
    back = f"/b/{slug}" if (await request.form()).get("back") == "board" else f"/b/{slug}/i/{idea.id}"
    if refused or participant is None:
        code = refused
    elif idea.visibility != "visible":
        code = "closed"
    elif service.has_supported(session, idea, participant):
        code = "already"
    elif participants.over_limit(session, board, participant, "support"):
        code = "limit"
    else:
        code = "supported" if service.support(session, idea, participant) else "already"
    return RedirectResponse(f"{back}?m={code}#idea-{idea.id}", status_code=303)


@router.post("/b/{slug}/i/{idea_id}/comments", response_model=None, dependencies=[Depends(verify_csrf)])
async def post_comment(
    slug: str, idea_id: str, request: Request, session: Session = Depends(get_session)
) -> Response:
    """Store a comment or a reply, or show the idea again with what was typed."""
    board = boards.get_board(session, slug)
    participant, refused = _gate(request, board)
    idea = _idea_or_404(session, board, idea_id, participant)
    if refused or participant is None:
        return RedirectResponse(f"/b/{slug}/i/{idea.id}?m={refused}", status_code=303)
    _ = gettext_for(negotiate(request))
    data, errors = schemas.comment_form(await request.form(), _)
    status = 400
    if not errors and idea.visibility != "visible":
        errors = {"form": _(CLOSED_MESSAGE)}
    if not errors and participants.over_limit(session, board, participant, "comment"):
        errors, status = {"form": _(LIMIT_MESSAGE)}, 429
    if not errors:
        try:
            comment = service.add_comment(session, board, idea, data, participant, negotiate(request))
        except service.Refused as exc:
            errors, status = {"form": _(exc.message)}, 409
            data["parent_id"] = None  # show the text in the main comment form, where it can be sent
        else:
            done = "comment_pending" if comment.visibility == "pending" else "commented"
            return RedirectResponse(f"/b/{slug}/i/{idea.id}?m={done}#comment-{comment.id}", status_code=303)
    ctx = _idea_ctx(session, request, board, idea)
    ctx.update(comment_data=data, comment_errors=errors)
    return _page(request, "ideas/idea.html", ctx, status=status)


@router.post("/b/{slug}/i/{idea_id}/flag", response_model=None, dependencies=[Depends(verify_csrf)])
async def flag_idea(
    slug: str, idea_id: str, request: Request, session: Session = Depends(get_session)
) -> Response:
    """Ask the municipality to look at an idea."""
    board = boards.get_board(session, slug)
    participant = participants.read(request)
    idea = _idea_or_404(session, board, idea_id, participant)
    if participant is None:
        return RedirectResponse(f"/b/{slug}/i/{idea.id}?m=cookies", status_code=303)
    reason, error = schemas.reason_text(await request.form(), gettext_for(negotiate(request)), required=False)
    if error:
        ctx = _idea_ctx(session, request, board, idea)
        ctx.update(flag_error=error, flag_reason=reason)
        return _page(request, "ideas/idea.html", ctx, status=400)
    if participants.over_limit(session, board, participant, "flag"):
        return RedirectResponse(f"/b/{slug}/i/{idea.id}?m=limit", status_code=303)
    service.flag(session, idea, participant, reason)
    return RedirectResponse(f"/b/{slug}/i/{idea.id}?m=flagged", status_code=303)
