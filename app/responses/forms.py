"""Read and check the resident's form posts; errors come back translated, next to their field."""

from collections.abc import Callable, Mapping
from typing import Any

from app.config import get_settings
from app.surveys.definitions import ProfileQuestion, Survey

DONT_KNOW = "dk"  # the resident does not know: stored with score null, counted as "don't know"
SKIP = "skip"  # the resident passes the scale by: no score at all
Errors = dict[str, str]


def _text(form: Mapping[str, Any], name: str) -> str:
    # Browsers send line breaks as CRLF; keep one form so lengths match what the phone showed.
    return str(form.get(name, "")).replace("\r\n", "\n")


def theme_values(stored: dict[str, Any] | None) -> dict[str, str]:
    """A stored answer as form values."""
    stored = stored or {}
    score = stored.get("score")
    shown = SKIP if stored.get("skipped") else "" if score is None else str(score)
    return {"score": shown, "good": stored.get("good") or "", "better": stored.get("better") or ""}


def read_theme(
    form: Mapping[str, Any], survey: Survey, _: Callable[[str], str]
) -> tuple[dict[str, str], Errors, dict[str, Any]]:
    """Form values as typed, errors per field, and the answer to store when there are none."""
    values = {"score": str(form.get("score", "")), "good": _text(form, "good"),
              "better": _text(form, "better")}
    errors: Errors = {}
    allowed = {str(v) for v in range(survey.scale.min, survey.scale.max + 1)}
    if values["score"] not in allowed | {"", DONT_KNOW, SKIP}:
        errors["score"] = _("Choose a number from %(min)s to %(max)s, or “don't know”.") % {
            "min": survey.scale.min, "max": survey.scale.max}
    limit = get_settings().max_comment_chars
    for name in ("good", "better"):
        if len(values[name]) > limit:
            errors[name] = _("Please shorten this to at most %(limit)s characters (now %(count)s).") % {
                "limit": limit, "count": len(values[name])}
    score: int | str | None = None
    if values["score"] in allowed:
        score = int(values["score"])
    elif values["score"] == DONT_KNOW:
        score = DONT_KNOW
    answer: dict[str, Any] = {"score": score, "good": values["good"], "better": values["better"]}
    if values["score"] == SKIP:
        answer["skipped"] = True  # said so: kept apart from a scale simply left empty
    return values, errors, answer


def read_profile(
    form: Mapping[str, Any], questions: list[ProfileQuestion], _: Callable[[str], str]
) -> tuple[dict[str, str], Errors]:
    """Profile values as chosen (only the campaign's questions), and errors for unknown options."""
    values = {q.key: str(form.get(q.key, "")) for q in questions}
    errors: Errors = {}
    for q in questions:
        if values[q.key] and values[q.key] not in q.values:
            errors[q.key] = _("Choose one of the options.")
    return values, errors
