"""Organisations (municipalities), made and listed by a super-admin, each with its first admin."""

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.admin import audit, users
from app.admin.forms import N_, FormError
from app.common.paging import Page, paginate
from app.models import Campaign, Organisation, User

SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]{1,63}$")


@dataclass
class OrgRow:
    """One organisation in the super-admin's list, with its counts."""

    organisation: Organisation
    users: int
    campaigns: int


def listing(session: Session, number: int = 1) -> Page[OrgRow]:
    """One page of the organisations by name, with how many users and campaigns each has (three
    queries, the counts only for the page's organisations, however many there are)."""
    query = select(Organisation).order_by(col(Organisation.name), col(Organisation.id))
    orgs = paginate(query, session, number)
    ids = [o.id for o in orgs.items]
    staff: dict[int, int] = dict(session.exec(  # type: ignore[arg-type]
        select(User.organisation_id, func.count()).where(col(User.organisation_id).in_(ids))
        .group_by(col(User.organisation_id))).all())
    runs: dict[int, int] = dict(session.exec(  # type: ignore[arg-type]
        select(Campaign.organisation_id, func.count()).where(col(Campaign.organisation_id).in_(ids))
        .group_by(col(Campaign.organisation_id))).all())
    rows = [OrgRow(o, staff.get(o.id or 0, 0), runs.get(o.id or 0, 0)) for o in orgs.items]
    return Page(items=rows, number=orgs.number, has_next=orgs.has_next)


def create(
    session: Session, superadmin: User, name: str, slug: str, admin_name: str
) -> tuple[Organisation, str]:
    """Make an organisation and its first admin; returns it and the admin's invitation link."""
    name, slug = name.strip(), slug.strip().lower()
    errors = {}
    if not 2 <= len(name) <= 200:
        errors["name"] = N_("Write the organisation's name (2 to 200 characters).")
    if not SLUG.match(slug):
        errors["slug"] = N_("Use 2 to 64 lower-case letters, digits or dashes.")
    elif session.exec(select(Organisation).where(Organisation.slug == slug)).first():
        errors["slug"] = N_("Another organisation has this short name.")
    if not users.USERNAME.match(admin_name.strip().lower()):
        errors["username"] = N_("Use 2 to 64 lower-case letters, digits, dots, dashes or underscores.")
    elif session.exec(select(User).where(User.username == admin_name.strip().lower())).first():
        errors["username"] = N_("This username is taken.")
    if errors:
        raise FormError(errors)
    org = Organisation(name=name, slug=slug)
    session.add(org)
    session.flush()
    audit.record(session, superadmin, "organisation.create", f"{name} ({slug})", organisation_id=org.id)
    admin = users.create(session, superadmin, admin_name, "admin", "", organisation_id=org.id)
    return org, users.invite_link(session, superadmin, admin)


def rename(session: Session, superadmin: User, org: Organisation, name: str) -> None:
    """Change an organisation's name."""
    if not 2 <= len(name.strip()) <= 200:
        raise FormError({"name": N_("Write the organisation's name (2 to 200 characters).")})
    org.name = name.strip()
    session.add(org)
    audit.record(
        session, superadmin, "organisation.rename", f"{org.name} ({org.slug})", organisation_id=org.id
    )


def admins_of(session: Session, organisation_id: int) -> list[User]:
    """The organisation's admins, by name."""
    return list(
        session.exec(
            select(User)
            .where(User.organisation_id == organisation_id, User.role == "admin")
            .order_by(col(User.username))
        ).all()
    )
