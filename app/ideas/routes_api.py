"""JSON API v1: a board with its challenges and a page of ideas (supports, comments, statuses, actors)."""

from fastapi import Query
from sqlmodel import Session

from app.common.errors import ApiError, documented
from app.common.paging import PAGE_SIZE
from app.db import ReadSession
from app.ideas import boards, export, reading, service
from app.ideas.schemas import BoardOut, ChallengeOut, IdeaOut
from app.models.ideas import Board
from app.web.routing import Router

router = Router(prefix="/api/v1/boards", tags=["boards"])


def _board(session: Session, slug: str) -> Board:
    board = boards.find_board(session, slug)
    if board is None:
        raise ApiError(404, "not_found", f"No board '{slug}'.")
    return board


@router.get("/{slug}", response_model=BoardOut, responses=documented(404))
def get_board(
    slug: str, session: ReadSession,
    page: int = Query(1, ge=1, le=100_000, description=f"Page of {PAGE_SIZE} ideas, newest first."),
) -> BoardOut:
    """A board and a page of its public ideas; a hidden idea keeps its counts, status and history,
    not its text. `next_page` and `previous_page` are the addresses of the pages around this one."""
    board = _board(session, slug)
    area = boards.area_of(session, board)
    found = reading.ideas_page(session, board, page, PAGE_SIZE)
    here = f"/api/v1/boards/{board.slug}?page="
    return BoardOut(
        slug=board.slug,
        title=board.title,
        intro=board.intro,
        campaign=boards.campaign_of(session, board).slug,
        area=area.slug if area else None,
        moderation=board.moderation,
        is_open=board.is_open,
        room_code_required=board.room_code is not None,
        challenges=[
            ChallengeOut(theme=c.theme, mean=c.mean, answers=c.answers, comments=c.comments)
            for c in boards.challenges_of(session, board)
        ],
        page=found.number,
        page_size=PAGE_SIZE,
        next_page=f"{here}{found.number + 1}" if found.has_next else None,
        previous_page=f"{here}{found.number - 1}" if found.has_prev else None,
        ideas=[export.idea_out(v) for v in reading.views(session, found.items)],
    )


@router.get("/{slug}/ideas/{idea_id}", response_model=IdeaOut, responses=documented(404))
def get_idea(slug: str, idea_id: str, session: ReadSession) -> IdeaOut:
    """One public idea with every comment and its history."""
    board = _board(session, slug)
    idea = service.get_idea(session, board, idea_id)
    if idea is None or idea.visibility == "pending":
        raise ApiError(404, "not_found", f"No idea '{idea_id}' on this board.")
    return export.idea_out(reading.view(session, idea))
