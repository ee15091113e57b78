"""Store a response exactly once: validate against the survey, insert, recognise retries."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from app.campaigns.invitations import spend
from app.common.errors import ApiError, field_error, invalid
from app.models import Answer, Area, Campaign, ProfileAnswer, Response, User
from app.models.common import utcnow
from app.responses.schemas import ResponseIn
from app.results import tallies
from app.surveys.definitions import Survey
from app.surveys.service import definition_for


@dataclass
class Submission:
    """The outcome of a submit: the stored response (as the API shows it) and whether this call created it."""

    body: dict[str, Any]
    created: bool


@dataclass
class Target:
    """A campaign to submit to, with its areas (slug -> id), read in one query."""

    campaign: Campaign
    areas: dict[str, int]


def campaign_for_submit(session: Session, slug: str) -> Target:
    """The campaign and its areas in one Core statement (no ORM loading on the hot path), or a 404."""
    rows = session.connection().execute(_CAMPAIGN_WITH_AREAS, {"slug": slug}).all()
    if not rows:
        raise ApiError(404, "not_found", f"No campaign '{slug}'.")
    fields = {k: v for k, v in rows[0]._mapping.items() if k not in ("area_slug", "area_id")}
    # model_construct: a read-only copy, without the 0.4 ms that validating a table model costs.
    areas = {r.area_slug: r.area_id for r in rows if r.area_slug is not None}
    return Target(Campaign.model_construct(**fields), areas)


_CAMPAIGNS: Any = Campaign.__table__  # type: ignore[attr-defined]
_AREAS: Any = Area.__table__  # type: ignore[attr-defined]
_CAMPAIGN_WITH_AREAS = (
    core_select(*_CAMPAIGNS.columns, _AREAS.c.slug.label("area_slug"), _AREAS.c.id.label("area_id"))
    .select_from(_CAMPAIGNS.outerjoin(_AREAS, _AREAS.c.campaign_id == _CAMPAIGNS.c.id))
    .where(_CAMPAIGNS.c.slug == bindparam("slug"))
)


def _clean(text: str | None) -> str | None:
    """Comments are stored as typed, but blank ones are no comment."""
    return text if text and text.strip() else None


def normalise(data: ResponseIn) -> ResponseIn:
    """Drop empty comments and unanswered themes so equal answers hash equally."""
    answers = {}
    for theme, a in data.answers.items():
        a = a.model_copy(update={"good": _clean(a.good), "better": _clean(a.better)})
        answers[theme] = a
    return data.model_copy(update={"answers": answers})


def body_hash(shown: dict[str, Any], session: int | None = None, consensus: bool = False) -> str:
    """A fingerprint of what was said, to tell a retry from a different body under the same id."""
    canonical = json.dumps({**shown, "session": session, "consensus": consensus}, sort_keys=True,
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_against_survey(
    data: ResponseIn, survey: Survey, areas: dict[str, int], locales: list[str]
) -> int:
    """Every error that the survey and campaign reveal, at once; returns the area id."""
    errors = []
    if data.area not in areas:
        errors.append(field_error("area", f"Unknown area '{data.area}'."))
    if data.locale not in locales:
        errors.append(field_error("locale", f"The campaign is not offered in '{data.locale}'."))
    themes = set(survey.theme_slugs)
    for theme, answer in data.answers.items():
        if theme not in themes:
            errors.append(field_error(f"answers.{theme}", f"Unknown theme '{theme}'."))
        elif answer.score is not None and not survey.scale.min <= answer.score <= survey.scale.max:
            errors.append(field_error(
                f"answers.{theme}.score",
                f"Score must be a whole number from {survey.scale.min} to {survey.scale.max}, "
                "or null for don't know.",
            ))
    for key, value in data.profile.items():
        question = survey.profile_question(key)
        if question is None:
            errors.append(field_error(f"profile.{key}", f"Unknown profile question '{key}'."))
        elif value not in question.values:
            errors.append(field_error(f"profile.{key}", f"Unknown option '{value}'."))
    if errors:
        raise invalid(errors)
    return areas[data.area]


def check_may_submit(campaign: Campaign, mode: str, staff: User | None) -> None:
    """Anyone may answer an open campaign as a survey; other modes are staff-only."""
    if campaign.status != "open":
        raise ApiError(409, "campaign_not_open", f"The campaign is {campaign.status}, not open.")
    if mode != "survey" and staff is None:
        raise ApiError(401, "unauthorized", f"Mode '{mode}' needs a staff token.")
    if staff is not None and staff.organisation_id != campaign.organisation_id:
        raise ApiError(403, "forbidden", "The campaign belongs to another organisation.")


def submit(
    session: Session, campaign: Campaign | Target, data: ResponseIn, staff: User | None = None,
    group_label: str | None = None, is_consensus: bool = False, invitation_code: str | None = None,
    session_id: int | None = None,
) -> Submission:
    """Store a response once; the same id and body again returns it, another body is a 409.

    With an invitation code, the code is spent in the same transaction; a retry of the same
    response finds it stored and is answered as a retry, not as a spent code. Only flushes: the
    caller's unit of work commits.
    """
    if isinstance(campaign, Target):
        areas = campaign.areas
        campaign = campaign.campaign
    else:
        areas = dict(session.exec(select(Area.slug, Area.id).where(Area.campaign_id == campaign.id)).all())  # type: ignore[arg-type]
    check_may_submit(campaign, data.mode, staff)
    survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
    if survey is None:
        raise ApiError(409, "survey_missing", "The campaign's survey definition is missing.")
    area_id = check_against_survey(data, survey, areas, campaign.locales)
    data = normalise(data)
    shown = data.model_dump(mode="json", exclude={"session", "consensus"})
    digest, now = body_hash(shown, data.session, data.consensus), utcnow()
    row = dict(
        id=str(data.id), campaign_id=campaign.id, area_id=area_id, mode=data.mode,
        locale=data.locale, survey_version=campaign.survey_version, is_consensus=is_consensus,
        is_demo=campaign.is_demo, group_label=group_label, body_hash=digest, submitted_at=now,
        session_id=session_id,
    )
    if not write_rows(session, row, data):
        return _existing(session, campaign, data, shown, digest)
    if invitation_code is not None:
        spend(session, campaign, invitation_code)  # refused: the caller's transaction rolls back
    return Submission(_body(campaign, shown, campaign.survey_version, now), created=True)


def write_rows(session: Session, row: dict, data: ResponseIn) -> bool:
    """Insert the response, its answers, profile answers and tallies (Core statements: the hot
    path); False, with nothing written, when a response with this id exists already."""
    conn = session.connection()
    if conn.execute(_insert_response(conn.dialect.name), row).first() is None:
        return False
    answers = [
        {"response_id": row["id"], "theme": t, "score": a.score, "good": a.good, "better": a.better}
        for t, a in data.answers.items()
    ]
    if answers:
        conn.execute(_INSERT_ANSWER, answers)
    profile = [{"response_id": row["id"], "question": q, "value": v} for q, v in data.profile.items()]
    if profile:
        conn.execute(_INSERT_PROFILE, profile)
    tallies.record(conn, row, bool(profile))  # results: running counts, same transaction
    return True


_INSERT_ANSWER = insert(Answer)
_INSERT_PROFILE = insert(ProfileAnswer)


@lru_cache
def _insert_response(dialect: str) -> Any:
    # ON CONFLICT DO NOTHING: a retry is recognised without an exception or a savepoint (on
    # PostgreSQL it waits for a concurrent insert of the same id to commit, then skips). RETURNING
    # says whether the row went in (psycopg reports no rowcount here).
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(Response)
    return stmt.on_conflict_do_nothing(index_elements=["id"]).returning(stmt.table.c.id)


def _existing(session: Session, campaign: Campaign, data: ResponseIn, shown: dict, digest: str) -> Submission:
    stored = session.get(Response, str(data.id))
    if stored is None:  # the conflict was not on the id: a genuine integrity problem
        raise invalid([field_error("body", "The response could not be stored.")])
    if stored.body_hash != digest or stored.campaign_id != campaign.id:
        raise ApiError(409, "conflict", "A different response with this id exists already.",
                       [field_error("id", "This id was used for other answers.")])
    return Submission(_body(campaign, shown, stored.survey_version, stored.submitted_at), created=False)


def _body(campaign: Campaign, shown: dict, version: int, when: datetime) -> dict[str, Any]:
    """The stored response as ResponseOut shows it, built from the dump made for the hash."""
    return {**shown, "campaign": campaign.slug, "survey_version": version,
            "is_demo": campaign.is_demo,
            "submitted_at": when.astimezone(UTC).isoformat().replace("+00:00", "Z")}
