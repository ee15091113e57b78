"""API: submit a response to a campaign."""

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from app.auth.deps import FIELD_HEADER, bearer, staff_for
from app.campaigns.access import invitation_only
from app.common.errors import documented
from app.db import unit_of_work
from app.fieldwork.service import field_context
from app.responses import service
from app.responses.schemas import ResponseIn, ResponseOut
from app.web.routing import Router

router = Router(prefix="/api/v1/campaigns", tags=["responses"])


@router.post(
    "/{slug}/responses",
    status_code=201,
    response_model=ResponseOut,
    responses={**documented(401, 403, 404, 409),
               200: {"description": "A retry of a response stored before; nothing new stored."},
               401: {"description": "A mode other than `survey` without a valid staff token."},
               403: {"description": "The token's role may not store this mode, the campaign is "
                                    "another organisation's, or an invitation code is needed."},
               404: {"description": "No published campaign at this address."},
               409: {"description": "The campaign takes no answers now (closed, or outside its "
                                    "dates), the invitation code is used, or this id holds other "
                                    "answers."},
               422: {"description": "Invalid fields; the body names each one."}},
)
def submit_response(
    request: Request, slug: str, data: ResponseIn,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> JSONResponse:
    """Store a response once. Anonymous posts may use mode `survey` while the campaign takes
    answers; a campaign by invitation only needs the letter's code as `invitation` in that mode."""
    # A write, as one unit of work opened and committed here, in the route's own thread: the hot
    # path then holds SQLite's write lock from its first insert to its commit with no thread hop
    # between (a WriteSession commits after the route returns, one hop later).
    with unit_of_work() as session:
        staff = None
        if credentials is not None or request.headers.get(FIELD_HEADER) == "1":
            staff = staff_for(session, request, credentials)
        target = service.campaign_for_submit(session, slug)
        # Who may post what, and when, before the field checks: a draft answers like an unknown address.
        target, _ = service.checked(session, target, lambda t: service.check_may_submit(
            t.campaign, data.mode, staff, data.invitation))
        code = data.invitation if data.mode == "survey" and invitation_only(target.campaign) else None
        field = field_context(session, target.campaign, data, staff)  # field work: session, group, consensus
        result = service.submit(session, target, data, staff, invitation_code=code, **field)
    return JSONResponse(result.body, status_code=201 if result.created else 200)
