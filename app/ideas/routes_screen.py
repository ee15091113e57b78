"""The projector view: big type, the board's address and room code, ideas as they arrive."""

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.config import get_settings
from app.db import get_session
from app.ideas import boards, service
from app.ideas.routes_public import _common
from app.ideas.vocab import text_direction
from app.models.ideas import Board
from app.web.templating import render

router = APIRouter(include_in_schema=False)
LIVE_IDEAS = 12


@router.get("/b/{slug}/screen", response_class=HTMLResponse)
def projector(slug: str, request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    """The board on the wall: big type, the address and room code, ideas as they arrive."""
    board = boards.get_board(session, slug)
    ctx = _common(session, request, board)
    url = get_settings().base_url.rstrip("/") + f"/b/{board.slug}"
    ctx.update(
        live_ctx(session, board),
        url=url,
        qr=segno.make_qr(url).svg_inline(scale=6, dark="#000", light="#fff", omitsize=True),
    )
    return render(request, "ideas/projector.html", ctx)


def live_ctx(session: Session, board: Board) -> dict:
    ideas = [i for i in service.ideas_of(session, board, limit=LIVE_IDEAS) if i.visibility == "visible"]
    total_ideas, total_supports = service.board_totals(session, board)
    return {
        "live_ideas": ideas,
        "supports": service.support_counts(session, [i.id for i in ideas]),
        "total_ideas": total_ideas,
        "total_supports": total_supports,
        "rtl": text_direction,
    }


@router.get("/b/{slug}/screen/live", response_class=HTMLResponse)
def projector_live(slug: str, request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    """The part of the projector view that changes, fetched every few seconds by ideas-screen.js."""
    board = boards.get_board(session, slug)
    ctx = _common(session, request, board)
    ctx.update(live_ctx(session, board))
    response = render(request, "ideas/_live.html", ctx)
    response.headers["Cache-Control"] = "no-store"
    return response
