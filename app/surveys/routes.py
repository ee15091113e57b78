"""Public API: the survey definitions, for tablets and other systems."""

from typing import Any

from fastapi import HTTPException

from app.common.errors import documented
from app.surveys.definitions import load_all, versions_of
from app.web.routing import Router

router = Router(prefix="/api/v1/surveys", tags=["surveys"])


@router.get("")
def list_surveys() -> list[dict[str, Any]]:
    """Every survey definition: slug, version, title per locale, locales and its other versions."""
    return [
        {"slug": s.slug, "version": s.version, "title": s.title, "locales": s.locales,
         "versions": [v.slug for v in versions_of(s.slug)]}
        for s in load_all().values() if s.variant_of is None
    ]


@router.get("/{slug}", responses=documented(404))
def get_survey(slug: str) -> dict[str, Any]:
    """One whole definition: themes, scale, free-text and profile questions, texts per locale."""
    survey = load_all().get(slug)
    if survey is None:
        raise HTTPException(404, f"No survey '{slug}'.")
    return survey.model_dump(mode="json")
