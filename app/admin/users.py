"""Staff user administration: create, deactivate, reactivate, revoke sessions (admins only)."""

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.admin import audit
from app.admin.forms import N_, FormError
from app.auth import ROLES, links, sessions
from app.auth.service import passwords, revoke_tokens
from app.common.paging import Page, paginate
from app.db import savepoint
from app.models import Organisation, User

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._\-]{1,63}$")
MIN_PASSWORD = 12
ROLE_NAMES = {"admin": N_("Administrator"), "facilitator": N_("Facilitator"), "analyst": N_("Analyst")}


def users_of(session: Session, organisation_id: int, number: int = 1) -> Page[User]:
    """One page of the organisation's staff, by username."""
    query = select(User).where(User.organisation_id == organisation_id).order_by(col(User.username))
    return paginate(query, session, number)


def create(session: Session, admin: User, username: str, role: str, password: str,
           organisation_id: int | None = None) -> User:
    """Make a user in the admin's organisation (or the one a super-admin names); every problem is
    reported at once. Without a password the user is invited: `invite_link` makes their link.

    The password is hashed (slow on purpose) before the first statement, so no write
    transaction waits on argon2.
    """
    username = username.strip().lower()
    errors = {}
    if not USERNAME.match(username):
        errors["username"] = N_("Use 2 to 64 lower-case letters, digits, dots, dashes or underscores.")
    if role not in ROLES:
        errors["role"] = N_("Choose a role.")
    if password and len(password) < MIN_PASSWORD:
        errors["password"] = N_("The password must have at least 12 characters.")
    hashed = passwords.hash(password) if password and not errors else None
    if "username" not in errors and session.exec(select(User).where(User.username == username)).first():
        errors["username"] = N_("This username is taken.")
    if errors:
        raise FormError(errors)
    org = admin.organisation_id if organisation_id is None else organisation_id
    user = User(username=username, role=role, organisation_id=org, password_hash=hashed)
    try:
        with savepoint(session):  # another admin may take the name between the check and here
            session.add(user)
            session.flush()
    except IntegrityError:
        raise FormError({"username": N_("This username is taken.")}) from None
    audit.record(session, admin, "user.create" if hashed else "user.invite", username,
                 organisation_id=org)
    return user


def invite_link(session: Session, admin: User, user: User, purpose: str = "invite") -> str:
    """A one-time link for the user to set a password (an invitation or a reset), as a full URL."""
    token = links.issue(session, user, purpose)
    if purpose == "reset":
        audit.record(session, admin, "user.reset", user.username, organisation_id=user.organisation_id)
    return links.url(token)


def user_in_org(session: Session, admin: User, user_id: int) -> User | None:
    """A user of the admin's own organisation, or None (other municipalities stay invisible)."""
    user = session.get(User, user_id)
    return user if user is not None and user.organisation_id == admin.organisation_id else None


def set_active(session: Session, admin: User, user: User, active: bool) -> None:
    """Deactivate (which also ends every session) or reactivate a user; admins cannot lock themselves out."""
    if user.id == admin.id and not active:
        raise FormError({"user": N_("You cannot deactivate yourself.")})
    user.is_active = active
    session.add(user)
    audit.record(session, admin, "user.activate" if active else "user.deactivate", user.username)
    if not active:  # reactivation revives neither sessions nor tokens: both stay revoked
        log_out_everywhere(session, user.id)  # type: ignore[arg-type]


def log_out_everywhere(session: Session, user_id: int) -> None:
    """End every browser session of a user and revoke every API token."""
    sessions.revoke_all(session, user_id)
    revoke_tokens(session, user_id)


def organisation_name(session: Session, organisation_id: int) -> str:
    """The municipality's name for page headings."""
    org = session.get(Organisation, organisation_id)
    return org.name if org else ""
