"""The results report for case papers, as PDF and as DOCX: the figures per theme for the whole
campaign and each area (the staff disclosure plan hides what is too small), and the approved quotes.

Both are built from one plain dictionary read through the results service (its own functions,
unchanged), so the two formats say the same. Page numbers on every page; a heading never ends a
page (CSS break-after: avoid; Word's keep-with-next)."""

import io
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import Session

from app.auth.web import require
from app.campaigns.access import campaign_for
from app.campaigns.service import areas_of
from app.db import ReadSession
from app.i18n import LANGUAGES
from app.models import Campaign, Organisation, User
from app.models.common import utcnow
from app.results import service, summary
from app.web.templating import environment, gettext_for

router = APIRouter(prefix="/staff/results", include_in_schema=False)
EXPORT = require("results.export")


def data(session: Session, campaign: Campaign, lang: str) -> dict[str, Any]:
    """Everything the report shows, as plain values (read in the route's short read)."""
    names = dict(zip(service.themes_of(campaign), summary.theme_names(campaign, lang), strict=False))
    org = session.get(Organisation, campaign.organisation_id)
    parts: list[tuple[str | None, list]] = [(None, service.theme_summary(session, campaign))]
    parts += [
        (area.name, service.theme_summary(session, campaign, area.slug))
        for area in areas_of(session, campaign)
    ]
    sections = [
        {
            "area": area,
            "rows": [
                {
                    "theme": names.get(s.theme, s.theme),
                    "n": s.n,
                    "dont_know": s.dont_know,
                    "hidden": s.hidden,
                    "mean": None if s.hidden or s.mean is None else round(s.mean, 1),
                    "median": None if s.hidden else s.median,
                }
                for s in stats
            ],
        }
        for area, stats in parts
    ]
    quotes = [
        {"theme": names.get(theme, theme), "good": kinds["good"], "better": kinds["better"]}
        for theme, kinds in service.approved_by_theme(session, campaign).items()
        if kinds["good"] or kinds["better"]
    ]
    return {
        "title": campaign.title,
        "organisation": org.name if org else "",
        "sections": sections,
        "quotes": quotes,
        "made": utcnow().date().isoformat(),
        "demo": campaign.is_demo,
    }


def pdf(report: dict[str, Any], lang: str) -> bytes:
    """The report as an A4 PDF (WeasyPrint), numbered 'page n of m' on every page."""
    import weasyprint  # imported here: loading Pango takes a moment and only this download needs it

    page = (
        environment(lang)
        .get_template("admin/results_report.html")
        .render({**report, "lang": lang, "language": LANGUAGES[lang]})
    )
    return weasyprint.HTML(string=page).write_pdf()  # type: ignore[no-any-return]


def docx(report: dict[str, Any], lang: str) -> bytes:
    """The report as a Word document (python-docx) with a PAGE field in every footer."""
    import docx as word
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _ = gettext_for(lang)
    doc = word.Document()
    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run(_("Page") + " ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = footer.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)

    def heading(text: str, level: int) -> None:
        doc.add_heading(text, level).paragraph_format.keep_with_next = True

    heading(_("Results: %(title)s") % {"title": report["title"]}, 0)
    doc.add_paragraph(f"{report['organisation']} · {report['made']}")
    if report["demo"]:
        doc.add_paragraph(_("Demo data: these figures are synthetic."))
    for section in report["sections"]:
        heading(section["area"] or _("The whole campaign"), 1)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Theme"), _("Answers"), _("Mean"), _("Median")), strict=True
        ):
            cell.text = text
        for row in section["rows"]:
            cells = table.add_row().cells
            shown = (
                (_("Too few answers to show"), "", "")
                if row["hidden"]
                else (str(row["n"]), _num(row["mean"]), _num(row["median"]))
            )
            for cell, text in zip(cells, (row["theme"], *shown), strict=True):
                cell.text = text
    if report["quotes"]:
        heading(_("What residents said (approved quotes)"), 1)
        for quote in report["quotes"]:
            heading(quote["theme"], 2)
            for kind, label in (("good", _("Works well")), ("better", _("Could be better"))):
                for text in quote[kind]:
                    doc.add_paragraph(f"{label}: «{text}»", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _read(session: Session, user: User, slug: str, lang: str) -> tuple[Campaign, dict[str, Any], str]:
    campaign = campaign_for(session, user, slug)
    lang = lang if lang in LANGUAGES else (user.locale if user.locale in LANGUAGES else "nb")
    return campaign, data(session, campaign, lang), lang


@router.get("/{slug}/report.pdf")
def report_pdf(slug: str, session: ReadSession, lang: str = "", user: User = Depends(EXPORT)) -> Response:
    """The results report as PDF (the staff member's language, or ?lang=)."""
    campaign, report, lang = _read(session, user, slug, lang)
    return Response(
        pdf(report, lang),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{campaign.slug}-results.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/{slug}/report.docx")
def report_docx(slug: str, session: ReadSession, lang: str = "", user: User = Depends(EXPORT)) -> Response:
    """The results report as a Word document."""
    campaign, report, lang = _read(session, user, slug, lang)
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(
        docx(report, lang),
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{campaign.slug}-results.docx"',
            "Cache-Control": "no-store",
        },
    )
