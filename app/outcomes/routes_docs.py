"""Staff downloads: the «Medvirkning» chapter (DOCX, PDF) per campaign and the årsmelding status table."""

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response

from app.auth.web import require
from app.db import ReadSession
from app.i18n import LANGUAGES, negotiate
from app.models import User
from app.outcomes import chapter, report, service, status_table
from app.web.routing import Router

router = Router(prefix="/staff/outcomes", include_in_schema=False)
VIEW = require("outcomes.view")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _chapter(request: Request, session: ReadSession, campaign_id: int, user: User,
             lang: str | None) -> tuple[chapter.Chapter, str]:
    campaign = service.campaign_of(session, user.organisation_id, campaign_id)
    if campaign is None:
        raise HTTPException(404, "Page not found")
    lang = lang if lang in LANGUAGES else negotiate(request)
    return chapter.build(session, campaign, lang), lang


@router.get("/campaigns/{campaign_id}/medvirkning.docx")
def chapter_docx(request: Request, campaign_id: int, session: ReadSession, lang: str | None = None,
                 user: User = Depends(VIEW)) -> Response:
    """The participation chapter for the planbeskrivelse, as a Word document."""
    content, lang = _chapter(request, session, campaign_id, user, lang)
    return _file(report.docx(content, lang), DOCX, f"medvirkning-{content.campaign.slug}.docx")


@router.get("/campaigns/{campaign_id}/medvirkning.pdf")
def chapter_pdf(request: Request, campaign_id: int, session: ReadSession, lang: str | None = None,
                user: User = Depends(VIEW)) -> Response:
    """The same chapter as PDF, laid out by WeasyPrint."""
    content, lang = _chapter(request, session, campaign_id, user, lang)
    return _file(report.pdf(content, lang), "application/pdf", f"medvirkning-{content.campaign.slug}.pdf")


@router.get("/status.csv")
def status_csv(session: ReadSession, user: User = Depends(VIEW)) -> Response:
    """Every outcome with its status, for the årsmelding (what was done and not done)."""
    return _file(status_table.to_csv(status_table.rows(session, user.organisation_id)),
                 "text/csv; charset=utf-8", "tiltak-status.csv")


@router.get("/status.xlsx")
def status_xlsx(session: ReadSession, user: User = Depends(VIEW)) -> Response:
    return _file(status_table.to_xlsx(status_table.rows(session, user.organisation_id)), XLSX,
                 "tiltak-status.xlsx")
