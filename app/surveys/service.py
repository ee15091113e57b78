"""Keep the database's copies of survey definitions in step with surveys/*.yaml."""

from sqlmodel import Session

from app.models import Campaign, SurveyDefinition
from app.surveys.definitions import DefinitionError, Survey, load_all, versions_of

VERSIONS = "versions"  # campaign setting: the other versions of its survey it offers


def _structure(survey: Survey) -> tuple:
    """What answers depend on: theme slugs and profile option values."""
    return (
        tuple(survey.theme_slugs),
        tuple((q.key, tuple(sorted(q.values))) for q in survey.profile),
        (survey.scale.min, survey.scale.max),
    )


def sync_definitions(session: Session) -> list[Survey]:
    """Store each file's definition; a text fix updates in place, a new structure needs a version."""
    surveys = list(load_all().values())
    for survey in surveys:
        row = session.get(SurveyDefinition, (survey.slug, survey.version))
        data = survey.model_dump(mode="json")
        if row is None:
            session.add(SurveyDefinition(slug=survey.slug, version=survey.version, definition=data))
        elif row.definition != data:
            if _structure(Survey.model_validate(row.definition)) != _structure(survey):
                raise DefinitionError(
                    f"surveys/{survey.slug}.yaml: version: themes, options or scale changed "
                    f"but version is still {survey.version}; raise the version"
                )
            row.definition = data
            session.add(row)
    session.flush()
    return surveys


def definition_for(session: Session, slug: str, version: int) -> Survey | None:
    """The definition a campaign was made with: the file's if the version matches, else the stored copy."""
    current = load_all().get(slug)
    if current is not None and current.version == version:
        return current
    row = session.get(SurveyDefinition, (slug, version))
    return Survey.model_validate(row.definition) if row else None


def offered(campaign: Campaign) -> list[str]:
    """The survey versions a campaign offers: its own survey first, then the others it chose."""
    extra = (campaign.settings or {}).get(VERSIONS) or []
    return [campaign.survey_slug, *(v for v in extra if v != campaign.survey_slug)]


def may_offer(survey_slug: str) -> list[Survey]:
    """The versions a campaign of this survey may offer besides it (children's, youth)."""
    return versions_of(survey_slug)
