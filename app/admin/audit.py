"""The audit log of staff actions: who did what to which thing, and when.

It names things (a campaign's address, a user, a board) and never copies what residents said:
an edited idea is logged as "idea edited", its text stays in the idea and its kept original.
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, col, select

from app.admin.forms import N_
from app.models import AuditEvent, User

# action -> label (msgid); the page shows the label, the CSV the action code and the label.
ACTIONS = {
    "organisation.create": N_("Organisation created"),
    "organisation.rename": N_("Organisation renamed"),
    "organisation.brand": N_("Branding changed"),
    "user.create": N_("User created"),
    "user.invite": N_("User invited"),
    "user.reset": N_("Password reset link made"),
    "user.password": N_("Password set with a one-time link"),
    "user.deactivate": N_("User deactivated"),
    "user.activate": N_("User reactivated"),
    "user.revoke": N_("User logged out everywhere"),
    "campaign.copy": N_("Campaign copied"),
    "campaign.archive": N_("Campaign archived"),
    "campaign.restore": N_("Campaign restored"),
    "campaign.delete": N_("Campaign deleted"),
    "response.delete": N_("Response deleted"),
    "board.archive": N_("Board archived"),
    "board.restore": N_("Board restored"),
    "board.delete": N_("Board deleted"),
    "board.rename": N_("Board renamed"),
    "workshop.copy": N_("Workshop copied"),
    "workshop.archive": N_("Workshop archived"),
    "workshop.restore": N_("Workshop restored"),
    "workshop.delete": N_("Workshop deleted"),
    "idea.edit": N_("Idea edited"),
    "comment.edit": N_("Comment on an idea edited"),
    "survey.edit": N_("Survey comment edited"),
    "moderation.approve": N_("Approved"),
    "moderation.hide": N_("Hidden"),
}


def record(
    session: Session,
    user: User | None,
    action: str,
    target: str = "",
    detail: str = "",
    organisation_id: int | None = None,
) -> AuditEvent:
    """Log one staff action (in the caller's transaction, so it is kept exactly when the action is)."""
    event = AuditEvent(
        organisation_id=organisation_id
        if organisation_id is not None
        else (user.organisation_id if user else None),
        username=user.username if user else "medvirk (command line)",
        action=action,
        target_kind=action.split(".", 1)[0],
        target=target[:200],
        detail=detail[:500],
    )
    session.add(event)
    session.flush()
    return event


def events_query(organisation_id: int | None, action: str = "", username: str = "") -> Any:
    """The organisation's events (every one's for a super-admin: None), newest first, optionally
    of one kind of thing or one person."""
    query = select(AuditEvent)
    if organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    if action:
        query = query.where(AuditEvent.target_kind == action)
    if username:
        query = query.where(AuditEvent.username == username)
    return query.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())


def kinds() -> list[str]:
    """The kinds of thing the log can be filtered by."""
    return sorted({a.split(".", 1)[0] for a in ACTIONS})


def _safe(value: str) -> str:
    # A cell a spreadsheet would run as a formula is prefixed, as in every export of the app.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def people(session: Session, organisation_id: int | None) -> list[str]:
    """Everyone who appears in the log, by name."""
    query = select(AuditEvent.username).distinct()
    if organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    return sorted(session.exec(query).all())


def scope(user: User) -> int | None:
    """Whose log a user sees: their organisation's, or every one's for a super-admin."""
    return None if user.is_superadmin else user.organisation_id


def csv_lines(session: Session, organisation_id: int | None, label: Any) -> Iterator[str]:
    """The whole log as CSV (UTF-8 with BOM, for spreadsheet programs), newest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["time_utc", "user", "action", "what", "target", "detail"])
    yield "\ufeff" + buffer.getvalue()
    for event in session.exec(events_query(organisation_id)).all():
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                event.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                _safe(event.username),
                event.action,
                label(ACTIONS.get(event.action, event.action)),
                _safe(event.target),
                _safe(event.detail),
            ]
        )
        yield buffer.getvalue()
