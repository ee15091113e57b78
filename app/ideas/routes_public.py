"""The phone pages of a board: no JavaScript needed, POST-redirect-GET, a page of ideas at a time."""

import uuid

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.ideas import boards, participants, reading, schemas, service
from app.ideas.web import (
    CLOSED_MESSAGE,
    LIMIT_MESSAGE,
    board_or_404,
    common,
    form_data,
    idea_or_404,
    phone_page,
)
from app.models.ideas import Board, Idea, IdeaComment
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for

router = Router(include_in_schema=False)
BOARD_PAGE = 40  # ideas per page on a phone


def _board_ctx(session: Session, request: Request, board: Board, number: int) -> dict:
    ctx = common(session, request, board)
    page = reading.ideas_page(session, board, number, BOARD_PAGE, ctx["participant"])
    ctx.update(
        # The opening challenges head the first page; later pages are ideas only.
        challenges=boards.challenges_of(session, board) if page.number == 1 else [],
        ideas=page.items,
        supports=service.support_counts(session, [i.id for i in page.items]),
        page=page,
        page_url=lambda n: f"/b/{board.slug}?page={n}#ideas",
        room_code="",
        room_error=None,
    )
    return ctx


@router.get("/b/{slug}", response_class=HTMLResponse)
def board_page(slug: str, request: Request, session: ReadSession, page: str = "1") -> HTMLResponse:
    """The board on a phone: the opening challenges and a page of ideas, newest first."""
    board = board_or_404(session, slug)
    return phone_page(request, "ideas/board.html", _board_ctx(session, request, board, page_number(page)))


@router.post("/b/{slug}/room", response_model=None, dependencies=[Depends(verify_csrf)])
def join_room(
    slug: str, request: Request, session: WriteSession, form: FormData = Depends(form_data)
) -> Response:
    """Check the room code typed on the phone: a cookie remembers it; wrong codes are counted per
    device and board, never per address (a whole room shares one)."""
    board = board_or_404(session, slug)
    participant = participants.read(request)
    if participant is None:  # no device, no answer about the code
        return RedirectResponse(f"/b/{slug}?m=cookies", status_code=303)
    code = str(form.get("code", ""))[:40]
    _ = gettext_for(negotiate(request))
    ctx = _board_ctx(session, request, board, 1)
    if participants.too_many_room_tries(session, board, participant):
        ctx.update(room_code=code, room_error=_(LIMIT_MESSAGE))
        return phone_page(request, "ideas/board.html", ctx, status=429)
    if participants.code_matches(board, code):
        response = RedirectResponse(f"/b/{slug}?m=joined", status_code=303)
        participants.enter_room(response, board, participant)
        return response
    participants.room_try_failed(session, board, participant)
    ctx.update(room_code=code, room_error=_("That is not the room code. Check it and try again."))
    return phone_page(request, "ideas/board.html", ctx, status=400)


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
def new_idea(slug: str, request: Request, session: ReadSession, theme: str = "") -> HTMLResponse:
    """The idea form; it carries a fresh id so posting it twice stores one idea."""
    board = board_or_404(session, slug)
    ctx = common(session, request, board)
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
    return phone_page(request, "ideas/new.html", ctx)


@router.post("/b/{slug}/ideas", response_model=None, dependencies=[Depends(verify_csrf)])
def post_idea(
    slug: str, request: Request, session: WriteSession, form: FormData = Depends(form_data)
) -> Response:
    """Store an idea, or show the form again with what was typed and a message per field."""
    board = board_or_404(session, slug)
    participant, refused = _gate(request, board)
    if refused or participant is None:
        return RedirectResponse(f"/b/{slug}?m={refused}", status_code=303)
    ctx = common(session, request, board)
    _ = gettext_for(negotiate(request))
    data, errors = schemas.idea_form(form, list(ctx["themes"]), _)
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
    return phone_page(request, "ideas/new.html", ctx, status=status)


def _idea_ctx(session: Session, request: Request, board: Board, idea: Idea, number: int = 1) -> dict:
    ctx = common(session, request, board)
    v, page = reading.idea_page(session, idea, number, ctx["participant"])
    ctx.update(
        v=v,
        page=page,
        page_url=lambda n: f"/b/{board.slug}/i/{idea.id}?page={n}#comments",
        comment_data={},
        comment_errors={},
        supported=reading.has_supported(session, idea, ctx["participant"]),
        new_id=lambda: str(uuid.uuid4()),
        flag_error=None,
    )
    return ctx


@router.get("/b/{slug}/i/{idea_id}", response_class=HTMLResponse)
def idea_page(
    slug: str, idea_id: str, request: Request, session: ReadSession, page: str = "1"
) -> HTMLResponse:
    """One idea: text, supports, a page of comments with replies, and its public status history."""
    board = board_or_404(session, slug)
    idea = idea_or_404(session, board, idea_id, participants.read(request))
    return phone_page(request, "ideas/idea.html", _idea_ctx(session, request, board, idea, page_number(page)))


@router.post("/b/{slug}/i/{idea_id}/support", dependencies=[Depends(verify_csrf)])
def support_idea(
    slug: str, idea_id: str, request: Request, session: WriteSession, form: FormData = Depends(form_data)
) -> RedirectResponse:
    """Support once; supporting again changes nothing and says so."""
    board = board_or_404(session, slug)
    participant, refused = _gate(request, board)
    idea = idea_or_404(session, board, idea_id, participant)
    back = f"/b/{slug}" if form.get("back") == "board" else f"/b/{slug}/i/{idea.id}"
    if refused or participant is None:
        code = refused
    elif idea.visibility != "visible":
        code = "closed"
    elif reading.has_supported(session, idea, participant):
        code = "already"
    elif participants.over_limit(session, board, participant, "support"):
        code = "limit"
    else:
        code = "supported" if service.support(session, idea, participant) else "already"
    return RedirectResponse(f"{back}?m={code}#idea-{idea.id}", status_code=303)


@router.post("/b/{slug}/i/{idea_id}/comments", response_model=None, dependencies=[Depends(verify_csrf)])
def post_comment(
    slug: str, idea_id: str, request: Request, session: WriteSession, form: FormData = Depends(form_data)
) -> Response:
    """Store a comment or a reply, or show the idea again with what was typed."""
    board = board_or_404(session, slug)
    participant, refused = _gate(request, board)
    idea = idea_or_404(session, board, idea_id, participant)
    if refused or participant is None:
        return RedirectResponse(f"/b/{slug}/i/{idea.id}?m={refused}", status_code=303)
    _ = gettext_for(negotiate(request))
    data, errors = schemas.comment_form(form, _)
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
            number = reading.thread_page_of(session, comment, participant)
            on_page = f"&page={number}" if number > 1 else ""
            return RedirectResponse(
                f"/b/{slug}/i/{idea.id}?m={done}{on_page}#comment-{comment.id}", status_code=303
            )
    parent = session.get(IdeaComment, data["parent_id"]) if data["parent_id"] else None
    on_idea = parent is not None and parent.idea_id == idea.id
    number = reading.thread_page_of(session, parent, participant) if parent and on_idea else 1
    ctx = _idea_ctx(session, request, board, idea, number)  # the page that holds the form with the text
    ctx.update(comment_data=data, comment_errors=errors)
    return phone_page(request, "ideas/idea.html", ctx, status=status)


@router.post("/b/{slug}/i/{idea_id}/flag", response_model=None, dependencies=[Depends(verify_csrf)])
def flag_idea(
    slug: str, idea_id: str, request: Request, session: WriteSession, form: FormData = Depends(form_data)
) -> Response:
    """Ask the municipality to look at an idea."""
    board = board_or_404(session, slug)
    participant = participants.read(request)
    idea = idea_or_404(session, board, idea_id, participant)
    if participant is None:
        return RedirectResponse(f"/b/{slug}/i/{idea.id}?m=cookies", status_code=303)
    reason, error = schemas.reason_text(form, gettext_for(negotiate(request)), required=False)
    if error:
        ctx = _idea_ctx(session, request, board, idea)
        ctx.update(flag_error=error, flag_reason=reason)
        return phone_page(request, "ideas/idea.html", ctx, status=400)
    if participants.over_limit(session, board, participant, "flag"):
        return RedirectResponse(f"/b/{slug}/i/{idea.id}?m=limit", status_code=303)
    service.flag(session, idea, participant, reason)
    return RedirectResponse(f"/b/{slug}/i/{idea.id}?m=flagged", status_code=303)
