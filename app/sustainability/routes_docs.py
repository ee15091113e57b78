"""Staff downloads: a worksheet's summary for the saksframlegg as PDF and DOCX."""

from fastapi import Depends, Request
from fastapi.responses import Response

from app.auth.web import require
from app.db import ReadSession
from app.i18n import STAFF_LANGUAGES
from app.models import User
from app.sustainability import report, summary
from app.sustainability.web import lang_of, worksheet_or_404
from app.web.routing import Router

router = Router(prefix="/staff/sustainability", include_in_schema=False)
VIEW = require("sustainability.view")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _summary(request: Request, session: ReadSession, worksheet_id: int, user: User,
             lang: str | None) -> tuple[summary.Summary, str]:
    ws = worksheet_or_404(session, user, worksheet_id)
    lang = lang if lang in STAFF_LANGUAGES else lang_of(request)
    return summary.build(session, ws, lang), lang


@router.get("/worksheets/{worksheet_id}/summary.docx")
def summary_docx(request: Request, worksheet_id: int, session: ReadSession, lang: str | None = None,
                 user: User = Depends(VIEW)) -> Response:
    """The summary as a Word document for the saksframlegg."""
    s, lang = _summary(request, session, worksheet_id, user, lang)
    return _file(report.docx(s, lang), DOCX, f"baerekraftvurdering-{worksheet_id}.docx")


@router.get("/worksheets/{worksheet_id}/summary.pdf")
def summary_pdf(request: Request, worksheet_id: int, session: ReadSession, lang: str | None = None,
                user: User = Depends(VIEW)) -> Response:
    """The summary as PDF, laid out by WeasyPrint."""
    s, lang = _summary(request, session, worksheet_id, user, lang)
    return _file(report.pdf(s, lang), "application/pdf", f"baerekraftvurdering-{worksheet_id}.pdf")
