"""The projector: one page per slide, the handout, live vote totals, and the report as HTML and PDF."""

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.db import ReadSession, read_only
from app.i18n import negotiate
from app.ideas.vocab import ACTORS
from app.models import User
from app.web.routing import Router
from app.web.templating import render
from app.workshops import deck, report, report_docx, voting
from app.workshops.routes_staff import MANAGE, get_workshop

router = Router(prefix="/staff/workshops", include_in_schema=False)


@router.get("/{workshop_id}/slides")
def first_slide(workshop_id: int) -> RedirectResponse:
    return RedirectResponse(f"/staff/workshops/{workshop_id}/slides/1", status_code=303)


@router.get("/{workshop_id}/slides/{number}", response_class=HTMLResponse)
def slide(request: Request, workshop_id: int, number: int, session: ReadSession,
          user: User = Depends(MANAGE)) -> HTMLResponse:
    """One slide as its own page, with links to the previous and next (arrow keys with JavaScript)."""
    workshop = get_workshop(session, workshop_id, user)
    lang = negotiate(request)
    slides = deck.slides(session, workshop, lang)
    if not 1 <= number <= len(slides):
        raise HTTPException(404, "Page not found")
    return render(request, "workshops/slide.html", {
        "workshop": workshop, "slides": [slides[number - 1]], "number": number, "count": len(slides),
        "demo": _demo(slides), "handout": False, "actors": ACTORS})


@router.get("/{workshop_id}/handout", response_class=HTMLResponse)
def handout(request: Request, workshop_id: int, session: ReadSession,
            user: User = Depends(MANAGE)) -> HTMLResponse:
    """Every slide on one page; printed, each slide takes its own sheet."""
    workshop = get_workshop(session, workshop_id, user)
    slides = deck.slides(session, workshop, negotiate(request))
    return render(request, "workshops/slide.html", {
        "workshop": workshop, "slides": slides, "number": 0, "count": len(slides), "demo": _demo(slides),
        "handout": True, "actors": ACTORS})


def _demo(slides: list[dict]) -> bool:
    return any(v.campaign.is_demo for v in slides[0]["views"])


@router.get("/{workshop_id}/live", response_class=HTMLResponse)
def live(request: Request, workshop_id: int, session: ReadSession,
         user: User = Depends(MANAGE)) -> HTMLResponse:
    """The totals of the current round, fetched by the projector every few seconds."""
    workshop = get_workshop(session, workshop_id, user)
    lang = negotiate(request)
    view = deck.round_view(session, workshop, voting.current_round(session, workshop), lang)
    response = render(request, "workshops/_totals.html", {"live": view})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/{workshop_id}/report", response_class=HTMLResponse)
def report_page(request: Request, workshop_id: int, session: ReadSession,
                user: User = Depends(MANAGE)) -> HTMLResponse:
    """The report as a printable page."""
    workshop = get_workshop(session, workshop_id, user)
    lang = negotiate(request)
    return render(request, "workshops/report.html", {**report.context(session, workshop, lang), "pdf": False})


@router.get("/{workshop_id}/report.pdf")
def report_pdf(request: Request, workshop_id: int, user: User = Depends(MANAGE)) -> Response:
    """The same report as a PDF for the case papers, in the page's language.

    Only reads: the context is read in one short read, and the pages are laid out after it ends,
    so the slow layout holds no database connection."""
    lang = negotiate(request)
    with read_only() as session:
        workshop = get_workshop(session, workshop_id, user)
        ctx = report.context(session, workshop, lang)
    body = report.pdf(ctx, lang)
    name = f"verksted-{workshop.id}-{lang}.pdf"
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/{workshop_id}/report.docx")
def report_word(request: Request, workshop_id: int, user: User = Depends(MANAGE)) -> Response:
    """The same report as a Word document, read in one short read like the PDF."""
    lang = negotiate(request)
    with read_only() as session:
        workshop = get_workshop(session, workshop_id, user)
        ctx = report.context(session, workshop, lang)
    name = f"verksted-{workshop.id}-{lang}.docx"
    return Response(report_docx.build(ctx, lang),
                    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
