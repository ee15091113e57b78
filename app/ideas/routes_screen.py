"""The projector view: big type, the board's address and room code, ideas as they arrive.

The live part is polled every few seconds by every open projector: a plain GET on a read
session, so it can never take SQLite's write lock or write anything.
"""

import segno
from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.config import get_settings
from app.db import ReadSession
from app.ideas import reading, service
from app.ideas.vocab import text_direction
from app.ideas.web import board_or_404, common
from app.models.ideas import Board
from app.web.routing import Router
from app.web.templating import render

router = Router(include_in_schema=False)
LIVE_IDEAS = 12


@router.get("/b/{slug}/screen", response_class=HTMLResponse)
def projector(slug: str, request: Request, session: ReadSession) -> HTMLResponse:
    """The board on the wall: big type, the address and room code, ideas as they arrive."""
    board = board_or_404(session, slug)
    ctx = common(session, request, board)
    url = get_settings().base_url.rstrip("/") + f"/b/{board.slug}"
    ctx.update(
        live_ctx(session, board),
        url=url,
        qr=segno.make_qr(url).svg_inline(scale=6, dark="#000", light="#fff", omitsize=True),
    )
    return render(request, "ideas/projector.html", ctx)


def live_ctx(session: Session, board: Board) -> dict:
    """The newest visible ideas with their supports, and the board's totals (four queries)."""
    ideas = reading.live_ideas(session, board, LIVE_IDEAS)
    total_ideas, total_supports = reading.board_totals(session, board)
    return {
        "live_ideas": ideas,
        "supports": service.support_counts(session, [i.id for i in ideas]),
        "total_ideas": total_ideas,
        "total_supports": total_supports,
        "rtl": text_direction,
    }


@router.get("/b/{slug}/screen/live", response_class=HTMLResponse)
def projector_live(slug: str, request: Request, session: ReadSession) -> HTMLResponse:
    """The part of the projector view that changes, fetched every few seconds by ideas-screen.js."""
    board = board_or_404(session, slug)
    response = render(request, "ideas/_live.html", live_ctx(session, board))
    response.headers["Cache-Control"] = "no-store"
    return response
