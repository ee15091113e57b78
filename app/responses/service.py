"""Store a response exactly once: validate against the survey, insert, recognise retries."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal, TypeVar

from sqlalchemy import bindparam, insert
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import configure_mappers
from sqlmodel import Session, select

from app.auth.permissions import MODE_ACTIONS, allowed
from app.campaigns.access import invitation_only, refusal, refusal_message
from app.campaigns.invitations import spend
from app.common.errors import ApiError, field_error, invalid
from app.db import execute_on_driver
from app.models import Answer, Area, Campaign, ProfileAnswer, Response, User
from app.models.common import utcnow
from app.responses.schemas import ResponseIn
from app.results import tallies
from app.surveys.definitions import Survey, get_survey
from app.surveys.service import definition_for, offered

T = TypeVar("T")


@dataclass
class Submission:
    """The outcome of a submit: the stored response (as the API shows it) and whether this call created it."""

    body: dict[str, Any]
    created: bool


@dataclass
class Target:
    """A campaign to submit to, with its areas (slug -> id), as read at its `revision`."""

    campaign: Campaign
    areas: dict[str, int]
    cached: bool = False


# Campaigns by slug, per worker process. A cached copy only ever lets a submission through when the
# insert itself finds the campaign at the same revision (see write_rows); anything the copy would
# refuse, or a revision that moved on, is read again from the database.
_CACHE: dict[str, Target] = {}
_CACHE_SIZE = 512


def campaign_for_submit(session: Session, slug: str) -> Target:
    """The published campaign at this public address and its areas: from this worker's cache, or
    in one Core statement; or a 404."""
    cached = _CACHE.get(slug)
    return cached if cached is not None else read_target(session, slug)


def read_target(session: Session, slug: str | None) -> Target:
    """Read a published campaign and its areas from the database and remember them."""
    if slug is None:  # not published (a draft): as unknown
        raise ApiError(404, "not_found", "No such campaign.")
    rows = session.connection().execute(_CAMPAIGN_WITH_AREAS, {"slug": slug}).all()
    if not rows:
        _CACHE.pop(slug, None)
        raise ApiError(404, "not_found", f"No campaign '{slug}'.")
    fields = {k: v for k, v in rows[0]._mapping.items() if k not in ("area_slug", "area_id")}
    areas = {r.area_slug: r.area_id for r in rows if r.area_slug is not None}
    # model_construct: a read-only copy, without the 0.4 ms that validating a table model costs. It
    # skips the ORM's set-up, so make sure the mappings are configured (once; then a flag check).
    configure_mappers()
    target = Target(Campaign.model_construct(**fields), areas)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[slug] = Target(target.campaign, areas, cached=True)
    return target


_CAMPAIGNS: Any = Campaign.__table__  # type: ignore[attr-defined]
_AREAS: Any = Area.__table__  # type: ignore[attr-defined]
_CAMPAIGN_WITH_AREAS = (
    core_select(*_CAMPAIGNS.columns, _AREAS.c.slug.label("area_slug"), _AREAS.c.id.label("area_id"))
    .select_from(_CAMPAIGNS.outerjoin(_AREAS, _AREAS.c.campaign_id == _CAMPAIGNS.c.id))
    .where(_CAMPAIGNS.c.public_slug == bindparam("slug"))
)


def _clean(text: str | None) -> str | None:
    """Comments are stored as typed, but blank ones are no comment."""
    return text if text and text.strip() else None


def normalised(data: ResponseIn) -> dict[str, Any]:
    """The response as the API shows it, with blank comments dropped, so equal answers hash equally."""
    shown = data.model_dump(mode="json", exclude={"session", "consensus"})
    if shown.get("survey") is None:  # the campaign's own survey: hashed as before versions existed
        shown.pop("survey", None)
    for answer in shown["answers"].values():
        answer["good"], answer["better"] = _clean(answer["good"]), _clean(answer["better"])
        if not answer["skipped"]:
            del answer["skipped"]  # hashed as before skipping was kept apart
    return shown


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


def check_may_submit(campaign: Campaign, mode: str, staff: User | None,
                     invitation_code: str | None | Literal[False] = False) -> None:
    """Anyone may answer a campaign as a survey while it takes answers (open, within its dates);
    other modes need staff whose role the permission matrix lets record them. A draft answers
    exactly like an unknown campaign. Given the submission's invitation code (None: none sent;
    False: not checked here), a survey answer to a campaign by invitation only needs one."""
    reason = refusal(campaign)
    if reason == "draft":
        raise ApiError(404, "not_found", f"No campaign '{campaign.slug}'.")
    if staff is not None and staff.organisation_id != campaign.organisation_id:
        raise ApiError(403, "forbidden", "The campaign belongs to another organisation.")
    action = MODE_ACTIONS.get(mode)
    if action is not None:
        if staff is None:
            raise ApiError(401, "unauthorized", f"Mode '{mode}' needs a staff token.")
        if not allowed(staff.role, action):
            raise ApiError(403, "forbidden", f"Your role may not store mode '{mode}'.")
    if reason is not None:
        raise ApiError(409, "campaign_not_open", refusal_message(campaign, reason))
    if action is None and invitation_code is not False and not invitation_code and invitation_only(campaign):
        raise ApiError(403, "invitation_required", "This survey is by invitation only.",
                       [field_error("invitation", "Send the code from the invitation.")])


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
        target = campaign
    else:
        areas = session.exec(select(Area.slug, Area.id).where(Area.campaign_id == campaign.id)).all()  # type: ignore[arg-type]
        target = Target(campaign, dict(areas))  # type: ignore[arg-type]
    target, (area_id, survey) = checked(
        session, target, lambda t: _check(session, t, data, staff, invitation_code))
    campaign = target.campaign
    shown = normalised(data)
    digest, now = body_hash(shown, data.session, data.consensus), utcnow()
    row = dict(
        id=str(data.id), campaign_id=campaign.id, area_id=area_id, mode=data.mode,
        locale=data.locale, survey_version=survey.version,
        survey_slug=None if survey.slug == campaign.survey_slug else survey.slug,  # none: its own
        is_consensus=is_consensus, is_demo=campaign.is_demo, group_label=group_label, body_hash=digest,
        submitted_at=now, session_id=session_id, revision=campaign.revision,
    )
    if not write_rows(session, row, shown):
        fresh = read_target(session, campaign.public_slug)
        if fresh.campaign.revision != campaign.revision:  # changed since it was cached: check again
            return submit(session, fresh, data, staff, group_label, is_consensus, invitation_code, session_id)
        return _existing(session, campaign, shown, digest)
    if invitation_code is not None:
        spend(session, campaign, invitation_code)  # refused: the caller's transaction rolls back
    return Submission(_body(campaign, shown, survey.version, now), created=True)


def checked(session: Session, target: Target, check: Callable[[Target], T]) -> tuple[Target, T]:
    """Run `check` on a target. Only the database's copy may refuse: a cached copy that fails is
    read again and checked once more. Returns the target checked and what `check` returned."""
    try:
        return target, check(target)
    except ApiError:
        if not target.cached:
            raise
        fresh = read_target(session, target.campaign.public_slug)
        return fresh, check(fresh)


def _check(session: Session, target: Target, data: ResponseIn, staff: User | None,
           invitation_code: str | None) -> tuple[int, Survey]:
    """Every rule a submission must meet; returns the area id and the survey (version) answered."""
    campaign = target.campaign
    check_may_submit(campaign, data.mode, staff, invitation_code)
    if data.survey is None or data.survey == campaign.survey_slug:
        survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
    elif data.survey in offered(campaign):
        survey = get_survey(data.survey)
    else:
        raise invalid([field_error("survey", f"The campaign does not offer the survey '{data.survey}'.")])
    if survey is None:
        raise ApiError(409, "survey_missing", "The campaign's survey definition is missing.")
    return check_against_survey(data, survey, target.areas, campaign.locales), survey


def write_rows(session: Session, row: dict, shown: dict[str, Any]) -> bool:
    """Insert the response, its answers, profile answers and tallies (Core statements: the hot
    path). False, with nothing written, when a response with this id exists already or the
    campaign is no longer at `row["revision"]`."""
    conn = session.connection()
    inserted = execute_on_driver(conn, _insert_response(conn.dialect.name), row)
    if inserted.fetchone() is None:
        return False
    rid = row["id"]
    answers = [{"response_id": rid, "theme": t, "skipped": False, **a} for t, a in shown["answers"].items()]
    if answers:
        execute_on_driver(conn, _INSERT_ANSWER, answers)
    profile = [{"response_id": rid, "question": q, "value": v} for q, v in shown["profile"].items()]
    if profile:
        execute_on_driver(conn, _INSERT_PROFILE, profile)
    tallies.record(conn, row, bool(profile))  # results: running counts, same transaction
    return True


_INSERT_ANSWER = insert(Answer)
_INSERT_PROFILE = insert(ProfileAnswer)


@lru_cache
def _insert_response(dialect: str) -> Any:
    """INSERT .. SELECT from the campaign row at the expected revision, ON CONFLICT DO NOTHING.

    The SELECT re-checks a cached campaign in the same statement; ON CONFLICT recognises a retry
    without an exception or a savepoint (on PostgreSQL it waits for a concurrent insert of the
    same id to commit, then skips). RETURNING says whether the row went in.
    """
    table: Any = Response.__table__  # type: ignore[attr-defined]
    names = [c.name for c in table.columns]
    values = [_CAMPAIGNS.c.id if n == "campaign_id" else bindparam(n, type_=table.c[n].type) for n in names]
    source = (core_select(*values).where(_CAMPAIGNS.c.id == bindparam("campaign_id"),
                                          _CAMPAIGNS.c.revision == bindparam("revision")))
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table).from_select(names, source)
    return stmt.on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)


def _existing(session: Session, campaign: Campaign, shown: dict, digest: str) -> Submission:
    stored = session.get(Response, shown["id"])
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
