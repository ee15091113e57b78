"""The results report for case papers, as PDF and as DOCX: who answered against the population, the
compass, the figures per theme for the whole campaign and each area, the breakdowns and the approved
quotes, under the organisation's logo and name.

Both formats are built from one plain dictionary (app/admin/report_data.py) read through the results
services, so the two say the same and show only what the staff pages show. Page numbers on every
page; a heading never ends a page (CSS break-after: avoid; Word's keep-with-next)."""

from typing import Any

from fastapi import Depends
from fastapi.responses import Response
from sqlmodel import Session

from app.admin import report_docx
from app.admin.report_data import data
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.common.word import isolate
from app.db import ReadSession
from app.i18n import LANGUAGES
from app.models import Campaign, User
from app.results import compass
from app.web.routing import Router
from app.web.templating import environment

router = Router(prefix="/staff/results", include_in_schema=False)
EXPORT = require("results.export")
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def html(report: dict[str, Any], lang: str) -> str:
    """The report as the HTML WeasyPrint lays out."""
    return (environment(lang).get_template("admin/results_report.html")
            .render({**report, "lang": lang, "language": LANGUAGES[lang], "ltr": isolate(lang)}))


def pdf(report: dict[str, Any], lang: str) -> bytes:
    """The report as an A4 PDF (WeasyPrint), numbered 'page n / m' on every page."""
    import weasyprint  # imported here: loading Pango takes a moment and only this download needs it

    return weasyprint.HTML(string=html(report, lang)).write_pdf()  # type: ignore[no-any-return]


def docx(report: dict[str, Any], lang: str) -> bytes:
    """The report as a Word document, the compass drawn as PNG."""
    png = compass.to_png(report["compass_svg"]) if report["compass_svg"] else None
    return report_docx.build(report, lang, png)


def _read(session: Session, user: User, slug: str, lang: str) -> tuple[Campaign, dict[str, Any], str]:
    campaign = campaign_for(session, user, slug)
    lang = lang if lang in LANGUAGES else (user.locale if user.locale in LANGUAGES else "nb")
    return campaign, data(session, campaign, lang), lang


def _download(content: bytes, media: str, filename: str) -> Response:
    return Response(content, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@router.get("/{slug}/report.pdf")
def report_pdf(slug: str, session: ReadSession, lang: str = "", user: User = Depends(EXPORT)) -> Response:
    """The results report as PDF (the staff member's language, or ?lang=)."""
    campaign, report, lang = _read(session, user, slug, lang)
    return _download(pdf(report, lang), "application/pdf", f"{campaign.slug}-results.pdf")


@router.get("/{slug}/report.docx")
def report_docx_route(slug: str, session: ReadSession, lang: str = "",
                      user: User = Depends(EXPORT)) -> Response:
    """The results report as a Word document."""
    campaign, report, lang = _read(session, user, slug, lang)
    return _download(docx(report, lang), DOCX_MEDIA, f"{campaign.slug}-results.docx")
