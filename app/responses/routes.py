"""API: submit a response to a campaign."""

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from sqlmodel import Session

from app.auth.deps import bearer, staff_for
from app.campaigns.service import get_campaign
from app.db import writer_engine
from app.fieldwork.service import field_context
from app.responses import service
from app.responses.schemas import ResponseIn, ResponseOut

router = APIRouter(prefix="/api/v1/campaigns", tags=["responses"])


def _submit(
    request: Request, slug: str, data: ResponseIn, credentials: HTTPAuthorizationCredentials | None
) -> JSONResponse:
    with Session(writer_engine()) as session:
        staff = staff_for(session, request, credentials)
        campaign = get_campaign(session, slug)
        field = field_context(session, campaign, data, staff)  # staff field work: session, group, consensus
        result = service.submit(session, campaign, data, staff, **field)
    return JSONResponse(result.response.model_dump(mode="json"), status_code=201 if result.created else 200)


@router.post(
    "/{slug}/responses",
    status_code=201,
    response_model=ResponseOut,
    responses={200: {"description": "A retry of a response stored before; nothing new stored."},
               409: {"description": "Campaign not open, or this id holds other answers."},
               422: {"description": "Invalid fields; the body names each one."}},
)
async def submit_response(
    request: Request, slug: str, data: ResponseIn,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> JSONResponse:
    """Store a response once. Anonymous posts may use mode `survey` in an open campaign."""
    # The hot path: all database work in one worker thread, not one hop per sync dependency.
    return await run_in_threadpool(_submit, request, slug, data, credentials)
