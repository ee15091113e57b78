"""Create staff users and tokens, and find the user behind a token."""

from pwdlib import PasswordHash
from sqlmodel import Session, select

from app.auth import ROLES
from app.common.security import hash_token, new_token
from app.models import ApiToken, Organisation, User

passwords = PasswordHash.recommended()


class AuthError(ValueError):
    """A user or token request that cannot be carried out."""


def get_or_create_organisation(session: Session, slug: str, name: str) -> Organisation:
    """The organisation with this slug, made if missing."""
    org = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    if org is None:
        org = Organisation(slug=slug, name=name)
        session.add(org)
        session.flush()
    return org


def create_user(
    session: Session, username: str, role: str, organisation: Organisation,
    password: str | None = None,
) -> User:
    """Make a staff user; the password, if any, is stored as an argon2 hash."""
    if role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}")
    if session.exec(select(User).where(User.username == username)).first():
        raise AuthError(f"user '{username}' exists already")
    user = User(
        username=username, role=role, organisation_id=organisation.id,  # type: ignore[arg-type]
        password_hash=passwords.hash(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user


def create_token(session: Session, username: str, label: str = "") -> str:
    """Make a bearer token for a user; the plain token is returned once and never stored."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.id is None:
        raise AuthError(f"no user '{username}'")
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user behind a live token, or None."""
    row = session.exec(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)  # type: ignore[arg-type]
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))  # type: ignore[union-attr]
    ).first()
    return row if row is not None and row.is_active else None
