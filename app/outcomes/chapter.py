"""The «Medvirkning» chapter of a planbeskrivelse: what was asked, who answered against the population,
what was heard, and how each input was used or why not. Every figure comes from app/results."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from app.models import Campaign, Organisation
from app.outcomes import heard, reading
from app.outcomes.reading import PublicOutcome
from app.outcomes.vocab import LEVELS, PLAN_STEPS, SOURCE_KINDS, STATUSES
from app.results.population import Representation, representation
from app.results.summary import option_labels


@dataclass
class Chapter:
    campaign: Campaign
    organisation: str
    areas: list[str]
    opens: date | None
    closes: date | None
    n: int | None
    lines: list[heard.ThemeLine]
    population: Representation | None
    bands: dict[str, str]
    outcomes: list[PublicOutcome]


def build(session: Session, campaign: Campaign, lang: str) -> Chapter:
    """The chapter's content; outcomes are those marked public (the planbeskrivelse is a public document)."""
    org = session.get(Organisation, campaign.organisation_id)
    n, lines = heard.heard(session, campaign, lang, staff=True)
    areas = [name for _s, name in reading.area_names(session, campaign)]
    return Chapter(campaign, org.name if org else "", areas,
                   campaign.opens_at.date() if campaign.opens_at else None,
                   campaign.closes_at.date() if campaign.closes_at else None, n, lines,
                   representation(session, campaign), option_labels(campaign, "age_band", lang),
                   reading.public_outcomes(session, campaign, lang))


def labels() -> dict[str, Any]:
    """The vocabularies a rendering of the chapter translates."""
    return {"statuses": STATUSES, "plans": PLAN_STEPS, "levels": LEVELS, "kinds": SOURCE_KINDS}
