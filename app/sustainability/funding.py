"""The virkemiddeloversikt: each organisation's funding schemes and tools, searched by dimension and theme."""

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.common.paging import Page, paginate
from app.models.common import utcnow
from app.models.sustainability import FundingScheme
from app.sustainability.content import Worksheets, starter_funding
from app.sustainability.vocab import DEADLINE_MAX, DESCRIPTION_MAX, N_, NAME_MAX, URL_MAX

Errors = dict[str, str]


@dataclass
class SchemeForm:
    """What an admin types for a scheme; kept as typed so a refused form shows it again."""

    name: str = ""
    provider: str = ""
    description: str = ""
    place: str = ""  # "dimension" or "dimension:theme", one select on the form
    url: str = ""
    deadline: str = ""

    @classmethod
    def of(cls, s: FundingScheme) -> "SchemeForm":
        place = f"{s.dimension}:{s.theme}" if s.theme else s.dimension
        return cls(s.name, s.provider, s.description, place, s.url, s.deadline)


def places(sheets: Worksheets) -> list[tuple[str, str, str]]:
    """(value, dimension slug, theme slug or "") for every dimension and theme a scheme can be filed under."""
    found = []
    for d in sheets.dimensions:
        found.append((d.slug, d.slug, ""))
        found += [(f"{d.slug}:{t.slug}", d.slug, t.slug) for t in d.themes]
    return found


def check(sheets: Worksheets, form: SchemeForm) -> Errors:
    errors: Errors = {}
    for name, limit in (("name", NAME_MAX), ("deadline", DEADLINE_MAX)):
        if not getattr(form, name).strip():
            errors[name] = N_("Please fill this in.")
        elif len(getattr(form, name)) > limit:
            errors[name] = N_("This text is too long.")
    if len(form.provider) > NAME_MAX or len(form.description) > DESCRIPTION_MAX:
        errors["provider" if len(form.provider) > NAME_MAX else "description"] = N_("This text is too long.")
    url = form.url.strip()
    if not url.startswith(("https://", "http://")) or " " in url or len(url) > URL_MAX:
        errors["url"] = N_("A link starts with https://")
    if form.place not in {p[0] for p in places(sheets)}:
        errors["place"] = N_("Choose from the list.")
    return errors


def _apply(row: FundingScheme, form: SchemeForm) -> None:
    dimension, _, theme = form.place.partition(":")
    row.name, row.provider = form.name.strip(), form.provider.strip()
    row.description, row.url, row.deadline = form.description.strip(), form.url.strip(), form.deadline.strip()
    row.dimension, row.theme = dimension, theme


def create(session: Session, organisation_id: int, form: SchemeForm) -> FundingScheme:
    row = FundingScheme(organisation_id=organisation_id, name="", dimension="", url="", deadline="")
    _apply(row, form)
    session.add(row)
    session.flush()
    return row


def update(session: Session, row: FundingScheme, form: SchemeForm) -> None:
    _apply(row, form)
    row.is_example, row.updated_at = False, utcnow()  # edited: now the organisation's own
    session.add(row)


def delete(session: Session, row: FundingScheme) -> None:
    session.delete(row)


def get(session: Session, organisation_id: int, scheme_id: int) -> FundingScheme | None:
    row = session.get(FundingScheme, scheme_id)
    return row if row is not None and row.organisation_id == organisation_id else None


def search(session: Session, organisation_id: int, number: int, query: str = "", dimension: str = "",
           theme: str = "") -> Page[FundingScheme]:
    """One page of schemes matching words in name, provider or description, a dimension and a theme."""
    stmt = select(FundingScheme).where(FundingScheme.organisation_id == organisation_id)
    for word in query.split()[:8]:
        # % and _ typed are searched for as themselves, never as wildcards.
        escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        stmt = stmt.where(or_(*(func.lower(c).like(like, escape="\\") for c in (
            FundingScheme.name, FundingScheme.provider, FundingScheme.description))))
    if dimension:
        stmt = stmt.where(FundingScheme.dimension == dimension)
    if theme:
        stmt = stmt.where(FundingScheme.theme == theme)
    order = (col(FundingScheme.dimension), col(FundingScheme.theme), col(FundingScheme.name))
    return paginate(stmt.order_by(*order, col(FundingScheme.id)), session, number)


def by_theme(session: Session, organisation_id: int) -> dict[tuple[str, str], list[FundingScheme]]:
    """Every scheme of the organisation by (dimension, theme); theme "" for the whole dimension."""
    found: dict[tuple[str, str], list[FundingScheme]] = {}
    stmt = select(FundingScheme).where(FundingScheme.organisation_id == organisation_id).limit(1000)
    for row in session.exec(stmt.order_by(col(FundingScheme.name), col(FundingScheme.id))):
        found.setdefault((row.dimension, row.theme), []).append(row)
    return found


def has_any(session: Session, organisation_id: int) -> bool:
    stmt = select(FundingScheme.id).where(FundingScheme.organisation_id == organisation_id).limit(1)
    return session.exec(stmt).first() is not None


def load_starter(session: Session, organisation_id: int) -> int:
    """Copy toolbox/funding.yaml into an organisation's empty list, marked as examples; returns how many."""
    starter = starter_funding()
    if starter is None or has_any(session, organisation_id):
        return 0
    for s in starter.schemes:
        session.add(FundingScheme(organisation_id=organisation_id, name=s.name, provider=s.provider,
                                  description=s.description, dimension=s.dimension, theme=s.theme, url=s.url,
                                  deadline=s.deadline, is_example=starter.example))
    session.flush()
    return len(starter.schemes)
