"""Store a response exactly once: validate against the survey, insert, recognise retries."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.campaigns.invitations import spend
from app.common.errors import ApiError, field_error, invalid
from app.models import Answer, Area, Campaign, ProfileAnswer, Response, User
from app.models.common import utcnow
from app.responses.schemas import ResponseIn, ResponseOut
from app.results import tallies
from app.surveys.definitions import Survey
from app.surveys.service import definition_for


@dataclass
class Submission:
    """The outcome of a submit: the stored response and whether this call created it."""

    response: ResponseOut
    created: bool


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


def body_hash(data: ResponseIn) -> str:
    """A fingerprint of what was said, to tell a retry from a different body under the same id."""
    canonical = json.dumps(data.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
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
    session: Session, campaign: Campaign, data: ResponseIn, staff: User | None = None,
    group_label: str | None = None, is_consensus: bool = False, invitation_code: str | None = None,
    session_id: int | None = None,
) -> Submission:
    """Store a response once; the same id and body again returns it, another body is a 409.

    With an invitation code, the code is spent in the same transaction; a retry of the same
    response finds it stored and is answered as a retry, not as a spent code.
    """
    check_may_submit(campaign, data.mode, staff)
    survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
    if survey is None:
        raise ApiError(409, "survey_missing", "The campaign's survey definition is missing.")
    areas = dict(session.exec(select(Area.slug, Area.id).where(Area.campaign_id == campaign.id)).all())  # type: ignore[arg-type]
    area_id = check_against_survey(data, survey, areas, campaign.locales)  # type: ignore[arg-type]
    data = normalise(data)
    digest, now = body_hash(data), utcnow()
    row = dict(
        id=str(data.id), campaign_id=campaign.id, area_id=area_id, mode=data.mode,
        locale=data.locale, survey_version=campaign.survey_version, is_consensus=is_consensus,
        is_demo=campaign.is_demo, group_label=group_label, body_hash=digest, submitted_at=now,
        session_id=session_id,
    )
    try:
        write_rows(session, row, data)
    except IntegrityError:
        session.rollback()
        return _existing(session, campaign, data, digest)
    if invitation_code is not None:
        try:
            spend(session, campaign, invitation_code)
        except ApiError:
            session.rollback()
            raise
    session.commit()
    return Submission(_out(campaign, data, campaign.survey_version, now), created=True)


def write_rows(session: Session, row: dict, data: ResponseIn) -> None:
    """Insert the response, its answers and profile answers (Core inserts: the hot path)."""
    conn = session.connection()
    conn.execute(insert(Response), [row])
    answers = [
        {"response_id": row["id"], "theme": t, "score": a.score, "good": a.good, "better": a.better}
        for t, a in data.answers.items()
    ]
    if answers:
        conn.execute(insert(Answer), answers)
    profile = [{"response_id": row["id"], "question": q, "value": v} for q, v in data.profile.items()]
    if profile:
        conn.execute(insert(ProfileAnswer), profile)
    tallies.record(conn, row, answers, profile)  # results: running counts, same transaction


def _existing(session: Session, campaign: Campaign, data: ResponseIn, digest: str) -> Submission:
    stored = session.get(Response, str(data.id))
    if stored is None:  # the conflict was not on the id: a genuine integrity problem
        raise invalid([field_error("body", "The response could not be stored.")])
    if stored.body_hash != digest or stored.campaign_id != campaign.id:
        raise ApiError(409, "conflict", "A different response with this id exists already.",
                       [field_error("id", "This id was used for other answers.")])
    return Submission(_out(campaign, data, stored.survey_version, stored.submitted_at), created=False)


def _out(campaign: Campaign, data: ResponseIn, version: int, when) -> ResponseOut:  # type: ignore[no-untyped-def]
    return ResponseOut(
        id=data.id, campaign=campaign.slug, area=data.area, mode=data.mode, locale=data.locale,
        survey_version=version, is_demo=campaign.is_demo, submitted_at=when,
        answers=data.answers, profile=data.profile,
    )
