"""API for tablets: notes per stop, sent from the offline queue like responses."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StringConstraints

from app.auth.deps import require_staff
from app.auth.permissions import allowed
from app.common.errors import ApiError, documented
from app.db import WriteSession
from app.fieldwork import service
from app.models import User
from app.web.routing import Router

router = Router(prefix="/api/v1/field", tags=["field work"])


class NoteIn(BaseModel):
    """A note made on the tablet; `id` is a UUID the tablet makes, so a retry is recognised."""

    model_config = ConfigDict(extra="forbid")
    id: UUID
    stop: int | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]


@router.post(
    "/sessions/{session_id}/notes",
    status_code=201,
    responses={200: {"description": "A retry; nothing new stored."}, **documented(401, 403, 404)},
)
def add_note(
    session_id: int,
    data: NoteIn,
    session: WriteSession,
    staff: User = Depends(require_staff),
) -> JSONResponse:
    """Store a note for a walk-and-talk or workshop (staff who may record field work)."""
    found = service.find_session(session, staff.organisation_id, session_id)
    if found is None:
        raise ApiError(404, "not_found", "No such session.")
    row = found[0]
    if not allowed(staff.role, "fieldwork.record"):
        raise ApiError(403, "forbidden", "Your role does not allow recording field work.")
    created = service.add_note(session, row, str(data.id), data.stop, data.text)
    body = {"id": str(data.id), "session": session_id, "stop": data.stop, "text": data.text}
    return JSONResponse(body, status_code=201 if created else 200)
