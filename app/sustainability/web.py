"""Helpers the sustainability pages share: the posted forms, the row or the 404 page, the choices offered."""

from fastapi import HTTPException, Request
from sqlmodel import Session
from starlette.datastructures import FormData

from app.i18n import STAFF_LANGUAGES, negotiate
from app.models import User
from app.models.sustainability import FundingScheme, Worksheet
from app.sustainability import funding, service
from app.sustainability.content import Worksheets, text
from app.sustainability.funding import SchemeForm
from app.sustainability.service import WorksheetForm
from app.sustainability.vocab import CHOICES

CUT = 5000  # longer than any valid value: the check then says "too long" instead of storing a cut text


def lang_of(request: Request) -> str:
    """The page's language among the staff languages, as render() picks it for /staff pages."""
    return negotiate(request, list(STAFF_LANGUAGES))


async def body(request: Request) -> FormData:
    """The posted form, read before the route runs (routes are plain functions in the thread pool)."""
    return await request.form()


def _get(data: FormData, name: str) -> str:
    return str(data.get(name, ""))[:CUT]


def read_worksheet_form(data: FormData) -> WorksheetForm:
    return WorksheetForm(*(_get(data, n) for n in ("name", "plan_level", "case_number", "campaign")))


def read_answers(data: FormData, sheets: Worksheets) -> dict[str, tuple[str, str]]:
    """(choice, reason) per theme, for the themes the form sent."""
    return {t: (_get(data, f"choice-{t}")[:40], _get(data, f"reason-{t}")) for t in sheets.theme_slugs
            if f"choice-{t}" in data or f"reason-{t}" in data}


def read_scheme_form(data: FormData) -> SchemeForm:
    names = ("name", "provider", "description", "place", "url", "deadline")
    return SchemeForm(*(_get(data, n) for n in names))


def worksheet_or_404(session: Session, user: User, worksheet_id: int) -> Worksheet:
    ws = service.get(session, user.organisation_id, worksheet_id)
    if ws is None:
        raise HTTPException(404, "Page not found")
    return ws


def scheme_or_404(session: Session, user: User, scheme_id: int) -> FundingScheme:
    row = funding.get(session, user.organisation_id, scheme_id)
    if row is None:
        raise HTTPException(404, "Page not found")
    return row


def choices(_) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("", "–"), *[(k, _(v)) for k, v in CHOICES.items()]]


def levels(sheets: Worksheets, lang: str) -> list[tuple[str, str]]:
    return [("", "–"), *[(p.slug, text(p.name, lang)) for p in sheets.plan_levels]]


def places(sheets: Worksheets, lang: str) -> list[tuple[str, str]]:
    """Dimensions and their themes for a select: "Sosial" and "Sosial – Boligsituasjonen"."""
    out = [("", "–")]
    for value, dim, theme in funding.places(sheets):
        d = next(x for x in sheets.dimensions if x.slug == dim)
        t = sheets.theme(theme) if theme else None
        out.append((value, text(d.name, lang) + (f" – {text(t.name, lang)}" if t else "")))
    return out


def campaign_choices(session: Session, user: User) -> list[tuple[str, str]]:
    found = service.compass_campaigns(session, user.organisation_id)
    return [("", "–"), *[(str(c.id), c.title) for c in found]]
