"""Form validation for ideas and comments, and the JSON shapes of the API."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData

from app.ideas.vocab import ACTORS, NAME_MAX, PLACE_MAX, PROPOSERS, REASON_MAX, TEXT_MAX, TITLE_MAX

Gettext = Callable[[str], str]


def client_id(value: str) -> str | None:
    """The form's client-made id as a canonical UUID, or None when it is not one."""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def _text(form: FormData, key: str) -> str:
    # Normalise line endings so a length check counts what the person sees.
    return str(form.get(key, "")).replace("\r\n", "\n").strip()


def _length(errors: dict[str, str], _: Gettext, field: str, value: str, limit: int, required: bool) -> None:
    if required and not value:
        errors[field] = _("Please fill this in.")
    elif len(value) > limit:
        errors[field] = _("This is %(n)s characters long; at most %(max)s are allowed.") % {
            "n": len(value),
            "max": limit,
        }


def idea_form(form: FormData, theme_slugs: list[str], _: Gettext) -> tuple[dict, dict[str, str]]:
    """What the idea form holds, and a message per field at fault (kept for re-rendering)."""
    data: dict[str, Any] = {
        "id": str(form.get("id", "")),
        "title": _text(form, "title"),
        "description": _text(form, "description"),
        "place": _text(form, "place"),
        "proposer_type": str(form.get("proposer_type", "")),
        "proposer_name": _text(form, "proposer_name"),
        "themes": [str(t) for t in form.getlist("themes")],
        "actors": [str(a) for a in form.getlist("actors")],
    }
    errors: dict[str, str] = {}
    _length(errors, _, "title", data["title"], TITLE_MAX, True)
    _length(errors, _, "description", data["description"], TEXT_MAX, True)
    _length(errors, _, "place", data["place"], PLACE_MAX, False)
    _length(errors, _, "proposer_name", data["proposer_name"], NAME_MAX, False)
    if not data["themes"] or any(t not in theme_slugs for t in data["themes"]):
        errors["themes"] = _("Choose at least one theme.")
    if data["proposer_type"] not in PROPOSERS:
        errors["proposer_type"] = _("Choose who is proposing the idea.")
    if not data["actors"] or any(a not in ACTORS for a in data["actors"]):
        errors["actors"] = _("Choose at least one who could make it happen.")
    if client_id(data["id"]) is None:
        errors["form"] = _("The form was damaged. Reload the page and try again.")
    return data, errors


def comment_form(form: FormData, _: Gettext) -> tuple[dict, dict[str, str]]:
    """What the comment form holds, and a message per field at fault."""
    data: dict[str, Any] = {
        "id": str(form.get("id", "")),
        "body": _text(form, "body"),
        "author_name": _text(form, "author_name"),
        "parent_id": str(form.get("parent_id", "")) or None,
    }
    errors: dict[str, str] = {}
    _length(errors, _, "body", data["body"], TEXT_MAX, True)
    _length(errors, _, "author_name", data["author_name"], NAME_MAX, False)
    if client_id(data["id"]) is None:
        errors["form"] = _("The form was damaged. Reload the page and try again.")
    return data, errors


def reason_text(form: FormData, _: Gettext, required: bool) -> tuple[str, str | None]:
    """A flag's or hiding's reason, and an error message when it is missing or too long."""
    reason = _text(form, "reason")
    errors: dict[str, str] = {}
    _length(errors, _, "reason", reason, REASON_MAX, required)
    return reason, errors.get("reason")


class EventOut(BaseModel):
    kind: str
    status: str
    answer: str
    actor: str
    actor_name: str
    at: datetime


class CommentOut(BaseModel):
    id: str
    parent_id: str | None
    body: str | None
    author_name: str
    locale: str
    hidden_reason: str | None
    created_at: datetime


class IdeaOut(BaseModel):
    id: str
    title: str | None
    description: str | None
    themes: list[str]
    place: str | None
    proposer_type: str
    proposer_name: str | None
    actors: list[str]
    locale: str
    status: str
    official_answer: str
    responsible_actor: str
    responsible_name: str
    hidden: bool
    hidden_reason: str | None
    supports: int
    created_at: datetime
    comments: list[CommentOut]
    history: list[EventOut]


class ChallengeOut(BaseModel):
    theme: str
    mean: float | None
    answers: int
    comments: list[str]


class BoardOut(BaseModel):
    slug: str
    title: str
    intro: str
    campaign: str
    area: str | None
    moderation: str
    is_open: bool
    room_code_required: bool
    challenges: list[ChallengeOut]
    page: int
    page_size: int
    next_page: str | None
    previous_page: str | None
    ideas: list[IdeaOut]
