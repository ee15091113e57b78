"""Create field sessions, find them for a user, attach API submissions to them, keep stop notes."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.admin.forms import N_, FormError
from app.auth.permissions import allowed
from app.campaigns.access import first_day, last_day, refusal
from app.campaigns.service import areas_of
from app.common.errors import ApiError, field_error
from app.db import savepoint
from app.models import Area, Campaign, FieldNote, FieldSession, Response, User
from app.models.fieldwork import SESSION_KINDS
from app.responses.schemas import ResponseIn

MAX_STOPS = 30


@dataclass
class SessionForm:
    """The new-session form as typed."""

    kind: str = "walk"
    title: str = ""
    held_on: str = ""
    area: str = ""
    group_label: str = ""
    stops: str = ""


def create(session: Session, user: User, campaign: Campaign, form: SessionForm) -> FieldSession:
    """Store a walk-and-talk or workshop; every problem is reported at once."""
    errors: dict[str, str] = {}
    if form.kind not in SESSION_KINDS:
        errors["kind"] = N_("Choose walk-and-talk or workshop.")
    if not form.title.strip() or len(form.title.strip()) > 200:
        errors["title"] = N_("Give the session a name (at most 200 characters).")
    held_on = None
    try:
        held_on = date.fromisoformat(form.held_on.strip())
    except ValueError:
        errors["held_on"] = N_("Write the date as YYYY-MM-DD.")
    area = next((a for a in areas_of(session, campaign) if a.slug == form.area), None)
    if area is None:
        errors["area"] = N_("Choose one of the campaign's areas.")
    if not form.group_label.strip() or len(form.group_label.strip()) > 100:
        errors["group_label"] = N_("Name the group, for example the youth council (at most 100 characters).")
    stops = [s.strip()[:200] for s in form.stops.splitlines() if s.strip()]
    if form.kind == "walk" and not stops:
        errors["stops"] = N_("A walk-and-talk needs at least one stop, one per line.")
    elif len(stops) > MAX_STOPS:
        errors["stops"] = N_("At most 30 stops.")
    if errors:
        raise FormError(errors)
    assert area is not None and area.id is not None and held_on is not None
    assert campaign.id is not None and user.id is not None
    row = FieldSession(
        campaign_id=campaign.id,
        area_id=area.id,
        kind=form.kind,
        title=form.title.strip(),
        held_on=held_on,
        group_label=form.group_label.strip(),
        stops=stops,
        created_by=user.id,
    )
    session.add(row)
    session.flush()  # the recorder's address needs the id
    return row


def not_recordable(campaign: Campaign) -> tuple[str, dict[str, str]] | None:
    """Why nothing can be recorded in the campaign now (a msgid and its arguments), or None.

    Field work is refused outside the campaign's dates, as the API and the resident pages are;
    staff who must enter late paper forms move the closing date first."""
    reason = refusal(campaign)
    if reason is None:
        return None
    if reason == "not_yet":
        return N_("The campaign takes answers from %(day)s, so nothing can be recorded yet. "
                  "To record now, move the opening date."), {"day": first_day(campaign)}
    if reason == "ended":
        return N_("The campaign took answers until %(day)s, so nothing more can be recorded. "
                  "To enter late forms, move the closing date."), {"day": last_day(campaign)}
    return N_("The campaign is not open, so nothing can be recorded."), {}


def refused(campaign: Campaign, field: str) -> FormError:
    """The form error for a submission the campaign's status or dates refuse."""
    text, args = not_recordable(campaign) or (N_("The campaign is not open, so nothing can be recorded."), {})
    return FormError({field: text}, {field: args})


def find_session(
    session: Session, organisation_id: int, session_id: int
) -> tuple[FieldSession, Campaign, Area] | None:
    """A field session of this organisation with its campaign and area (one query), or None."""
    if not 0 < session_id < 2**31:  # beyond an INTEGER column: no such row (and no error on PostgreSQL)
        return None
    found = session.exec(
        select(FieldSession, Campaign, Area)
        .join(Campaign, col(Campaign.id) == col(FieldSession.campaign_id))
        .join(Area, col(Area.id) == col(FieldSession.area_id))
        .where(FieldSession.id == session_id, Campaign.organisation_id == organisation_id)
    ).first()
    return (found[0], found[1], found[2]) if found else None


def counts(session: Session, field_session: FieldSession) -> dict[str, int]:
    """How many individual and consensus responses the server holds for a session."""
    rows = session.exec(
        select(Response.is_consensus, func.count())
        .where(Response.session_id == field_session.id)  # type: ignore[arg-type]
        .group_by(Response.is_consensus)  # type: ignore[arg-type]
    ).all()
    found = {bool(k): int(v) for k, v in rows}
    return {"participants": found.get(False, 0), "consensus": found.get(True, 0)}


def notes_of(session: Session, field_session: FieldSession) -> list[FieldNote]:
    """The session's notes, oldest first."""
    query = select(FieldNote).where(FieldNote.session_id == field_session.id).order_by(FieldNote.created_at)  # type: ignore[arg-type]
    return list(session.exec(query))


def field_context(
    session: Session, campaign: Campaign, data: ResponseIn, staff: User | None
) -> dict[str, Any]:
    """For an API submission that names a session: its id and group label, and the consensus flag.

    Only staff who may record field work can attach a response to a session of this campaign,
    and its mode must be the session's kind; a consensus always belongs to a session.
    """
    if data.session is None:
        if data.consensus:
            raise ApiError(
                422,
                "invalid",
                "A consensus must belong to a session.",
                [field_error("consensus", "A consensus must belong to a session.")],
            )
        return {}
    if staff is None:
        raise ApiError(401, "unauthorized", "Field sessions need a staff login.")
    if not allowed(staff.role, "fieldwork.record"):
        raise ApiError(403, "forbidden", "Your role does not allow recording field work.")
    row = session.get(FieldSession, data.session)
    if row is None or row.campaign_id != campaign.id:
        raise ApiError(
            422,
            "invalid",
            "The request has invalid fields.",
            [field_error("session", "No such session in this campaign.")],
        )
    if data.mode != row.kind:
        raise ApiError(
            422,
            "invalid",
            "The request has invalid fields.",
            [field_error("mode", f"This session records mode '{row.kind}'.")],
        )
    return {"group_label": row.group_label, "is_consensus": data.consensus, "session_id": row.id}


def add_note(
    session: Session, field_session: FieldSession, note_id: str, stop: int | None, text: str
) -> bool:
    """Store a note once; the same id and text again is a retry (False), other text under it is a 409."""
    if stop is not None and not 0 <= stop < len(field_session.stops):
        raise ApiError(
            422, "invalid", "The request has invalid fields.", [field_error("stop", "No such stop.")]
        )
    try:
        with savepoint(session):  # a retry's duplicate id undoes only this insert
            session.add(FieldNote(id=note_id, session_id=field_session.id, stop=stop, text=text))  # type: ignore[arg-type]
            session.flush()
        return True
    except IntegrityError:
        pass
    stored = session.get(FieldNote, note_id)
    if stored is None or stored.text != text or stored.session_id != field_session.id or stored.stop != stop:
        raise ApiError(
            409,
            "conflict",
            "A different note with this id exists already.",
            [field_error("id", "This id was used for another note.")],
        )
    return False
