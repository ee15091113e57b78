"""Admin pages: the audit log, one page at a time, filtered, and as CSV."""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.admin import audit
from app.auth.web import require
from app.common.paging import page_number, paginate
from app.db import ReadSession
from app.i18n import negotiate
from app.models import User
from app.web.routing import Router
from app.web.templating import gettext_for, render

router = Router(prefix="/staff/admin", include_in_schema=False)


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    session: ReadSession,
    page: str = "1",
    kind: str = "",
    who: str = "",
    user: User = Depends(require("users.manage")),
) -> HTMLResponse:
    """Who did what and when in the organisation, newest first."""
    kind = kind if kind in audit.kinds() else ""
    people = audit.people(session, audit.scope(user))
    who = who if who in people else ""
    rows = paginate(audit.events_query(audit.scope(user), kind, who), session, page_number(page))
    return render(
        request,
        "admin/audit.html",
        {
            "user": user,
            "page": rows,
            "events": rows.items,
            "labels": audit.ACTIONS,
            "kinds": audit.kinds(),
            "people": people,
            "kind": kind,
            "who": who,
            "page_url": lambda n: f"/staff/admin/audit?page={n}&kind={kind}&who={who}",
        },
    )


@router.get("/audit.csv")
def audit_csv(
    request: Request, session: ReadSession, user: User = Depends(require("users.manage"))
) -> Response:
    """The whole audit log as CSV."""
    label = gettext_for(negotiate(request))
    body = "".join(audit.csv_lines(session, audit.scope(user), label))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
