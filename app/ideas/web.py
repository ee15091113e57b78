"""Page helpers shared by the board's routes: 404s, the context every board page needs, and the
participant cookie on every page a phone sees."""

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session
from starlette.datastructures import FormData

from app.i18n import negotiate
from app.ideas import boards, participants, service
from app.ideas.vocab import ACTORS, EVENT_KINDS, N_, PROPOSERS, STATUSES, text_direction
from app.models.ideas import Board, Idea
from app.web.templating import render

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


async def form_data(request: Request) -> FormData:
    """Dependency: the posted form, read before the route's (thread pool) body runs."""
    return await request.form()


def board_or_404(session: Session, slug: str) -> Board:
    """The board with this slug, or a 404 page."""
    board = boards.find_board(session, slug)
    if board is None:
        raise HTTPException(404, "Page not found")
    return board


def idea_or_404(session: Session, board: Board, idea_id: str, participant: str | None) -> Idea:
    """An idea of the board that this participant may see (their own pending ones too)."""
    idea = service.get_idea(session, board, idea_id)
    if idea is None or (idea.visibility == "pending" and idea.participant != participant):
        raise HTTPException(404, "Page not found")
    return idea


def common(session: Session, request: Request, board: Board) -> dict:
    """What every public page of a board shows."""
    lang = negotiate(request)
    campaign = boards.campaign_of(session, board)
    participant = participants.read(request)
    message = request.query_params.get("m", "")
    return {
        "board": board,
        "campaign": campaign,
        "area": boards.area_of(session, board),
        "themes": boards.theme_names(campaign, lang),
        "scale_max": boards.scale_max(campaign),
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


def phone_page(request: Request, template: str, ctx: dict, status: int = 200) -> HTMLResponse:
    """A page a participant sees; it gives the browser a participant cookie when it has none."""
    response = render(request, template, ctx, status_code=status)
    participants.ensure(request, response)
    return response
