"""API: submit a response to a campaign."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from app.auth.deps import FIELD_HEADER, bearer, staff_for
from app.db import WriteSession
from app.fieldwork.service import field_context
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
    request: Request, slug: str, data: ResponseIn, session: WriteSession,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> JSONResponse:
    """Store a response once. Anonymous posts may use mode `survey` in an open campaign."""
    staff = None
    if credentials is not None or request.headers.get(FIELD_HEADER) == "1":
        staff = staff_for(session, request, credentials)
    target = service.campaign_for_submit(session, slug)
    field = field_context(session, target.campaign, data, staff)  # field work: session, group, consensus
    result = service.submit(session, target, data, staff, **field)
    return JSONResponse(result.body, status_code=201 if result.created else 200)
