"""Campaign forms for staff pages: read, validate and store what was typed."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.admin.forms import N_, FormError
from app.campaigns.access import own_campaign
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import areas_of, create_campaign, version_errors
from app.common.errors import ApiError
from app.common.text import is_digits
from app.db import savepoint
from app.models import Area, Campaign, User
from app.models.campaigns import CAMPAIGN_STATUSES
from app.surveys.definitions import Survey, get_survey
from app.surveys.service import VERSIONS, offered

MAX_RETENTION_MONTHS = 240
SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]{0,62}$")
_FOLD = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "á": "a",
        "č": "c",
        "đ": "d",
        "ŋ": "n",
        "š": "s",
        "ŧ": "t",
        "ž": "z",
        "é": "e",
        "ä": "a",
        "ö": "o",
        "ü": "u",
    }
)


def slugify(text: str) -> str:
    """A URL-safe slug from a Norwegian or Sami name."""
    folded = text.strip().lower().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:63]


@dataclass
class CampaignForm:
    """What the campaign form holds; also what is shown back after an error."""

    title: str = ""
    slug: str = ""
    survey: str = "stedskompasset"
    versions: list[str] = field(default_factory=list)  # other versions offered (children's, youth)
    areas: str = ""
    locales: list[str] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)
    opens_on: str = ""
    closes_on: str = ""
    results_public: bool = False
    status: str = "draft"
    previous: str = ""
    invitation_only: bool = False
    retention_months: str = ""

    @classmethod
    def of(cls, session: Session, campaign: Campaign) -> "CampaignForm":
        """The form filled in from a stored campaign (for editing)."""
        return cls(
            title=campaign.title,
            slug=campaign.slug,
            survey=campaign.survey_slug,
            versions=offered(campaign)[1:],
            locales=list(campaign.locales),
            profile=list(campaign.settings.get("profile", [])),
            opens_on=campaign.opens_at.date().isoformat() if campaign.opens_at else "",
            closes_on=campaign.closes_at.date().isoformat() if campaign.closes_at else "",
            results_public=campaign.results_public,
            status=campaign.status,
            previous=str(campaign.previous_campaign_id or ""),
            invitation_only=bool(campaign.settings.get("invitation_only")),
            retention_months=str(campaign.settings.get("retention_months") or ""),
        )


def _date(value: str, name: str, errors: dict[str, str]) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.combine(date.fromisoformat(value.strip()), datetime.min.time(), UTC)
    except ValueError:
        errors[name] = N_("Write the date as YYYY-MM-DD.")
        return None


def area_lines(text: str) -> list[AreaIn]:
    """One area name per line; blank lines are ignored."""
    names = [line.strip() for line in text.splitlines() if line.strip()]
    return [AreaIn(slug=slugify(n) or "area", name=n[:200]) for n in names]


def campaigns_query(user: User) -> Any:
    """The organisation's campaigns, newest first (for a page of the list)."""
    return (
        select(Campaign)
        .where(Campaign.organisation_id == user.organisation_id, col(Campaign.archived_at).is_(None))
        .order_by(col(Campaign.created_at).desc(), col(Campaign.id).desc())
    )


def org_campaigns(session: Session, user: User, exclude: int | None = None) -> list[Campaign]:
    """The organisation's campaigns, newest first."""
    return [c for c in session.exec(campaigns_query(user)).all() if c.id != exclude]


def _own_campaign(session: Session, user: User, raw_id: str, exclude: int | None) -> Campaign | None:
    """One of the organisation's campaigns by its id as typed, never the campaign itself."""
    if not (is_digits(raw_id) and len(raw_id) < 10) or int(raw_id) == exclude:
        return None
    campaign = session.get(Campaign, int(raw_id))
    return campaign if campaign is not None and campaign.organisation_id == user.organisation_id else None


def _common(
    session: Session,
    user: User,
    form: CampaignForm,
    survey: Survey | None,
    errors: dict[str, str],
    own_id: int | None = None,
) -> dict:
    """Checks shared by create and edit; returns the validated extra fields."""
    if not form.title.strip() or len(form.title.strip()) > 200:
        errors["title"] = N_("Give the campaign a title (at most 200 characters).")
    if survey is not None:
        if not form.locales:
            errors["locales"] = N_("Offer at least one language.")
        elif any(lang not in survey.locales for lang in form.locales):
            errors["locales"] = N_("The survey is not available in every chosen language.")
        if any(survey.profile_question(k) is None for k in form.profile):
            errors["profile"] = N_("Choose only profile questions the survey has.")
        if version_errors(survey, form.versions, form.locales):
            errors["versions"] = N_(
                "Choose only versions of this survey that have text in every chosen language.")
    if form.status not in CAMPAIGN_STATUSES:
        errors["status"] = N_("Choose a status.")
    opens, closes = _date(form.opens_on, "opens_on", errors), _date(form.closes_on, "closes_on", errors)
    if opens and closes and closes < opens:
        errors["closes_on"] = N_("The closing date must not be before the opening date.")
    retention = form.retention_months.strip()
    if retention and not (is_digits(retention)
                          and 1 <= int(retention) <= MAX_RETENTION_MONTHS):
        errors["retention_months"] = N_("Write a whole number of months from 1 to 240, or leave it empty.")
    previous = None
    if form.previous:
        previous = _own_campaign(session, user, form.previous, own_id)
        if previous is None:
            errors["previous"] = N_("Choose one of your own earlier campaigns.")
    months = int(retention) if retention and "retention_months" not in errors else None
    return {"opens_at": opens, "closes_at": closes, "previous": previous, "retention_months": months}


def _check_round(
    session: Session, previous: Campaign | None, areas: list[AreaIn], errors: dict[str, str]
) -> list[AreaIn]:
    """A later round assesses the same areas: copy them when none are typed, refuse new ones."""
    if previous is None:
        return areas
    earlier = {a.slug: a.name for a in areas_of(session, previous)}
    if not areas:
        return [AreaIn(slug=s, name=n) for s, n in earlier.items()]
    if any(a.slug not in earlier for a in areas):
        errors["areas"] = N_("A later round must assess the same areas as the earlier campaign.")
    return areas


def create(session: Session, user: User, form: CampaignForm) -> Campaign:
    """Create a campaign from the form; all problems are reported at once."""
    errors: dict[str, str] = {}
    form.slug = form.slug.strip() or slugify(form.title)
    if not SLUG.match(form.slug):
        errors["slug"] = N_("Use lower-case letters, digits and dashes (at most 63).")
    survey = get_survey(form.survey)
    if survey is None:
        errors["survey"] = N_("Choose a survey template.")
    extra = _common(session, user, form, survey, errors)
    areas = _check_round(session, extra["previous"], area_lines(form.areas), errors)
    if not areas and "areas" not in errors:
        errors["areas"] = N_("Add at least one area, one name per line.")
    elif len({a.slug for a in areas}) != len(areas):
        errors["areas"] = N_("Two areas have the same name.")
    if errors:
        raise FormError(errors)
    try:
        data = CampaignIn(
            slug=form.slug,
            title=form.title,
            survey=form.survey,
            areas=areas,
            status=form.status,  # type: ignore[arg-type]
            locales=form.locales,  # type: ignore[arg-type]
            results_public=form.results_public,
            versions=form.versions,
        )
    except ValidationError:
        raise FormError({"title": N_("Give the campaign a title (at most 200 characters).")}) from None
    previous = extra["previous"]
    try:
        return create_campaign(
            session,
            data,
            user,
            opens_at=extra["opens_at"],
            closes_at=extra["closes_at"],
            previous_campaign_id=previous.id if previous else None,
            settings={"profile": form.profile, "invitation_only": form.invitation_only,
                      "retention_months": extra["retention_months"]},
        )
    except ApiError as error:
        raise _slug_error(error.code) from None


def _slug_error(code: str) -> FormError:
    if code == "address_in_use":  # only a published campaign holds a public address
        return FormError({"slug": N_("A published survey already uses this web address; choose another, "
                                     "or keep the campaign as a draft.")})
    return FormError({"slug": N_("This address is taken; choose another.")})


def update(session: Session, user: User, campaign: Campaign, form: CampaignForm, new_areas: str) -> None:
    """Change a campaign's settings and add areas; the survey stays, and the slug may change only
    while the campaign is a draft (its public address is in use once it is published)."""
    errors: dict[str, str] = {}
    form.survey = campaign.survey_slug
    if campaign.status != "draft":  # answers may exist: a version offered stays offered
        form.versions = list(dict.fromkeys([*offered(campaign)[1:], *form.versions]))
    form.slug = form.slug.strip() or campaign.slug
    if form.slug != campaign.slug:
        if campaign.status != "draft":
            form.slug = campaign.slug  # the field is not offered: a published address stays
        elif not SLUG.match(form.slug):
            errors["slug"] = N_("Use lower-case letters, digits and dashes (at most 63).")
        elif own_campaign(session, user.organisation_id, form.slug) is not None:
            errors["slug"] = N_("This address is taken; choose another.")
    extra = _common(session, user, form, get_survey(campaign.survey_slug), errors, campaign.id)
    existing = {a.slug for a in areas_of(session, campaign)}
    added = [a for a in area_lines(new_areas) if a.slug not in existing]
    if extra["previous"] is not None and added:
        _check_round(session, extra["previous"], added, errors)
    if errors:
        raise FormError(errors)
    campaign.title, campaign.status = form.title.strip(), form.status
    campaign.locales, campaign.results_public = form.locales, form.results_public
    campaign.opens_at, campaign.closes_at = extra["opens_at"], extra["closes_at"]
    campaign.previous_campaign_id = extra["previous"].id if extra["previous"] else None
    campaign.settings = {
        **campaign.settings,
        "profile": form.profile,
        "invitation_only": form.invitation_only,
        "retention_months": extra["retention_months"],
    }
    if form.versions or campaign.settings.get(VERSIONS):
        campaign.settings[VERSIONS] = [v for v in form.versions if v != campaign.survey_slug]
    campaign.slug = form.slug
    try:
        with savepoint(session):  # publishing may meet another organisation's published address
            session.add(campaign)
            session.flush()
    except IntegrityError:
        session.refresh(campaign)
        taken = own_campaign(session, user.organisation_id, form.slug)
        raise _slug_error("conflict" if taken is not None and taken.id != campaign.id
                          else "address_in_use") from None
    seen = set(existing)
    for area in added:
        if area.slug not in seen:
            seen.add(area.slug)
            session.add(Area(campaign_id=campaign.id, slug=area.slug, name=area.name))  # type: ignore[arg-type]
    session.flush()
