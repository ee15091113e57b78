"""JSON API v1: a board with its challenges and ideas (supports, comments, statuses, actors)."""

from fastapi import APIRouter, Depends
from sqlmodel import Session

from app.common.errors import ApiError
from app.db import get_session
from app.ideas import boards, export, service
from app.ideas.schemas import BoardOut, ChallengeOut, IdeaOut

router = APIRouter(prefix="/api/v1/boards", tags=["boards"])


@router.get("/{slug}", response_model=BoardOut)
def get_board(slug: str, session: Session = Depends(get_session)) -> BoardOut:
    """A board and its public ideas; a hidden idea keeps its counts, status and history, not its text."""
    board = boards.get_board(session, slug)
    area = boards.area_of(session, board)
    ideas = service.ideas_of(session, board)
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
        ideas=[export.idea_out(service.view(session, i)) for i in ideas],
    )


@router.get("/{slug}/ideas/{idea_id}", response_model=IdeaOut)
def get_idea(slug: str, idea_id: str, session: Session = Depends(get_session)) -> IdeaOut:
    """One public idea."""
    board = boards.get_board(session, slug)
    idea = service.get_idea(session, board, idea_id)
    if idea is None or idea.visibility == "pending":
        raise ApiError(404, "not_found", f"No idea '{idea_id}' on this board.")
    return export.idea_out(service.view(session, idea))
