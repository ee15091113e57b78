"""The final step: turn a draft into a response through the one submit service."""

from collections.abc import Callable

from sqlmodel import Session

from app.common.errors import ApiError
from app.db import savepoint
from app.models import Campaign, Response
from app.models.drafts import Draft
from app.responses import drafts, service


def send(
    session: Session, campaign: Campaign, draft: Draft, lang: str, _: Callable[[str], str]
) -> str | None:
    """Store the draft as a response once; returns a message for the resident when it cannot be."""
    if draft.submitted_at is not None:
        return None  # a simultaneous tap sent it meanwhile (this read reloads the whole row)
    data = drafts.to_response(draft, lang)
    if not data.answers:
        return _("Answer at least one theme before you send.")
    try:
        # The draft's response id makes a double tap, a resend or a retry store one response.
        # The savepoint keeps the profile just saved in the draft when the submit is refused.
        with savepoint(session):
            service.submit(session, campaign, data, invitation_code=draft.invitation_code)
    except ApiError as exc:
        stored = session.get(Response, str(data.id)) is not None
        if exc.code == "conflict" and stored:
            pass  # sent before from this draft (in another language): it is stored already
        elif exc.code == "invitation_used":
            return _("This invitation code has been used already, so these answers cannot be sent. "
                     "Each code works once.")
        elif exc.code == "campaign_not_open":
            return _("The survey has closed, so answers can no longer be sent.")
        else:
            return _("Your answers could not be sent. Please try again.")
    drafts.mark_submitted(session, draft)
    return None
