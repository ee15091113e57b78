"""Create and look up campaigns."""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.auth.permissions import allowed
from app.campaigns.access import own_campaign, published_campaign
from app.campaigns.schemas import AreaOut, CampaignIn, CampaignOut
from app.common.errors import ApiError, field_error, invalid
from app.db import savepoint
from app.models import Area, Campaign, User
from app.surveys.definitions import Survey, get_survey
from app.surveys.service import VERSIONS, offered


def not_found(slug: str) -> ApiError:
    """The one answer for an unknown address and for anything the caller may not see."""
    return ApiError(404, "not_found", f"No campaign '{slug}'.")


def get_campaign(session: Session, slug: str, staff: User | None = None) -> Campaign:
    """Staff of the organisation see their campaign (drafts too); everyone else only a published
    campaign at its public address. Anything else is the same 404 as an unknown slug."""
    if staff is not None and allowed(staff.role, "campaigns.view"):
        own = own_campaign(session, staff.organisation_id, slug)
        if own is not None:
            return own
    campaign = published_campaign(session, slug)
    if campaign is None:
        raise not_found(slug)
    return campaign


def areas_of(session: Session, campaign: Campaign) -> list[Area]:
    """A campaign's areas in the order they were added."""
    return list(session.exec(select(Area).where(Area.campaign_id == campaign.id).order_by(Area.id)))  # type: ignore[arg-type]


def create_campaign(
    session: Session, data: CampaignIn, owner: User, is_demo: bool = False, **fields: Any
) -> Campaign:
    """Validate against the survey, then store the campaign and its areas (flushed, not committed).

    `fields` sets further columns (dates, round link, settings) from the staff pages.
    """
    survey = get_survey(data.survey)
    errors = []
    if survey is None:
        errors.append(field_error("survey", f"Unknown survey '{data.survey}'."))
    area_slugs = [a.slug for a in data.areas]
    if len(set(area_slugs)) != len(area_slugs):
        errors.append(field_error("areas", "Area slugs must be unique."))
    locales = data.locales or (survey.locales if survey else [])
    if survey is not None:
        for loc in locales:
            if loc not in survey.locales:
                errors.append(field_error("locales", f"The survey has no text in '{loc}'."))
    if survey is not None:
        errors += version_errors(survey, data.versions, locales)
    if errors or survey is None:
        raise invalid(errors)
    if data.versions:
        fields["settings"] = {**fields.get("settings", {}), VERSIONS: list(dict.fromkeys(data.versions))}
    campaign = Campaign(
        slug=data.slug, title=data.title, survey_slug=survey.slug, survey_version=survey.version,
        status=data.status, organisation_id=owner.organisation_id, is_demo=is_demo,
        results_public=data.results_public, locales=locales, **fields,
    )
    if own_campaign(session, owner.organisation_id, data.slug) is not None:
        raise slug_taken(data.slug)
    try:
        with savepoint(session):  # a taken slug undoes only this insert, not the caller's work
            session.add(campaign)
            session.flush()
            session.add_all(Area(campaign_id=campaign.id, slug=a.slug, name=a.name) for a in data.areas)  # type: ignore[arg-type]
            session.flush()
    except IntegrityError:
        if own_campaign(session, owner.organisation_id, data.slug) is not None:
            raise slug_taken(data.slug) from None  # a simultaneous create in the same organisation
        raise address_in_use(data.slug) from None
    return campaign


def version_errors(survey: Survey, versions: list[str], locales: list[str]) -> list[dict[str, str]]:
    """Problems with the other versions a campaign would offer: each must be a version of the same
    survey (so their themes line up) with text in every language the campaign offers."""
    errors = []
    family = survey.variant_of or survey.slug
    for slug in versions:
        other = get_survey(slug)
        if other is None or slug == survey.slug or (other.variant_of or other.slug) != family:
            errors.append(field_error("versions", f"'{slug}' is not another version of '{survey.slug}'."))
        elif missing := [loc for loc in locales if loc not in other.locales]:
            errors.append(field_error("versions", f"'{slug}' has no text in {', '.join(missing)}."))
    return errors


def slug_taken(slug: str) -> ApiError:
    """The organisation has a campaign with this slug already."""
    return ApiError(409, "conflict", f"Your organisation has a campaign '{slug}' already.",
                    [field_error("slug", "This slug is taken.")])


def address_in_use(slug: str) -> ApiError:
    """Only a published campaign (whose address anyone can open) can hold a public address, so
    this reveals nothing that is not public already; drafts never block a name."""
    return ApiError(409, "address_in_use",
                    f"A published campaign elsewhere uses the public address '{slug}'. "
                    "Keep this campaign as a draft or choose another slug.",
                    [field_error("slug", "A published campaign uses this public address.")])


def campaign_out(session: Session, campaign: Campaign) -> CampaignOut:
    """The public view of a campaign."""
    return CampaignOut(
        slug=campaign.slug, title=campaign.title, survey=campaign.survey_slug,
        survey_version=campaign.survey_version, versions=offered(campaign)[1:], status=campaign.status,
        is_demo=campaign.is_demo,
        results_public=campaign.results_public, locales=campaign.locales,
        areas=[AreaOut(slug=a.slug, name=a.name) for a in areas_of(session, campaign)],
        created_at=campaign.created_at,
    )
