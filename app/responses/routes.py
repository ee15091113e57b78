"""API: submit a response to a campaign."""

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlmodel import Session

from app.auth.deps import optional_staff
from app.campaigns.service import get_campaign
from app.db import get_session
from app.fieldwork.service import field_context
from app.models import User
from app.responses import service
from app.responses.schemas import ResponseIn, ResponseOut

router = APIRouter(prefix="/api/v1/campaigns", tags=["responses"])


@router.post(
    "/{slug}/responses",
    status_code=201,
    response_model=ResponseOut,
    responses={200: {"description": "A retry of a response stored before; nothing new stored."},
               409: {"description": "Campaign not open, or this id holds other answers."},
               422: {"description": "Invalid fields; the body names each one."}},
)
def submit_response(
    slug: str, data: ResponseIn, session: Session = Depends(get_session),
    staff: User | None = Depends(optional_staff),
) -> JSONResponse:
    """Store a response once. Anonymous posts may use mode `survey` in an open campaign."""
    campaign = get_campaign(session, slug)
    field = field_context(session, campaign, data, staff)  # staff field work: session, group, consensus
    result = service.submit(session, campaign, data, staff, **field)
    return JSONResponse(result.response.model_dump(mode="json"), status_code=201 if result.created else 200)
