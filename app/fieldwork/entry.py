"""Read a questionnaire typed into a staff form (tablet radios or paper digits) into a ResponseIn."""

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from app.admin.forms import N_, FormError
from app.common.text import is_digits
from app.config import get_settings
from app.responses.schemas import ResponseIn
from app.surveys.definitions import Survey


def answers_from(form: Mapping[str, Any], survey: Survey, errors: dict[str, str],
                 paper: bool = False, args: dict[str, dict[str, Any]] | None = None) -> dict[str, dict]:
    """Scores ('dk', '?' or '0': don't know) and comments per theme; a theme left wholly empty is
    left out. On paper a blank score means one thing, as on the printed form: not answered; a
    comment under a blank score is refused there, since storing it would make the blank a don't-know."""
    answers: dict[str, dict] = {}
    limit = get_settings().max_comment_chars
    low, high = survey.scale.min, survey.scale.max
    args = {} if args is None else args
    for theme in survey.theme_slugs:
        raw = str(form.get(f"score-{theme}", "")).strip().lower()
        good = str(form.get(f"good-{theme}", ""))
        better = str(form.get(f"better-{theme}", ""))
        score: int | None = None
        if raw not in ("", "?", "dk", "0"):
            if is_digits(raw) and low <= int(raw) <= high:
                score = int(raw)
            else:
                errors[f"score-{theme}"] = N_(
                    "Type a digit from %(low)s to %(high)s, ? or 0 for don't know, or leave it empty.")
                args[f"score-{theme}"] = {"low": low, "high": high}  # the survey's own scale
        elif paper and not raw and (good.strip() or better.strip()):
            message = N_("This theme has a comment: type its score, or ? or 0 for don't know.")
            errors[f"score-{theme}"] = message
        for name, text in ((f"good-{theme}", good), (f"better-{theme}", better)):
            if len(text) > limit:
                errors[name] = N_("This comment is too long.")
        if raw or good.strip() or better.strip():
            answers[theme] = {"score": score, "good": good[:limit], "better": better[:limit]}
    return answers


def profile_from(
    form: Mapping[str, Any], survey: Survey, keys: list[str], errors: dict[str, str]
) -> dict[str, str]:
    """Chosen profile options; empty means not answered."""
    profile = {}
    for key in keys:
        question = survey.profile_question(key)
        value = str(form.get(f"profile-{key}", "")).strip()
        if question is None or not value:
            continue
        if value not in question.values:
            errors[f"profile-{key}"] = N_("Choose one of the options.")
        else:
            profile[key] = value
    return profile


def build(
    form: Mapping[str, Any],
    survey: Survey,
    *,
    area: str,
    mode: str,
    locales: list[str],
    profile_keys: list[str] | None = None,
    paper: bool = False,
    **extra: Any,
) -> ResponseIn:
    """The whole typed form as a ResponseIn, or a FormError naming every field at fault."""
    errors: dict[str, str] = {}
    args: dict[str, dict[str, Any]] = {}
    try:
        rid = uuid.UUID(str(form.get("id", "")))
    except ValueError:
        rid = uuid.uuid4()
    locale = str(form.get("locale", ""))
    if locale not in locales:
        errors["locale"] = N_("Choose one of the campaign's languages.")
    answers = answers_from(form, survey, errors, paper, args)
    profile = profile_from(form, survey, profile_keys or [], errors)
    if not answers and not errors:
        errors["answers"] = N_("Nothing was filled in.")
    if errors:
        raise FormError(errors, args)
    try:
        return ResponseIn(
            id=rid,
            area=area,
            mode=mode,  # type: ignore[arg-type]
            locale=locale,
            answers=answers,  # type: ignore[arg-type]
            profile=profile,
            **extra,
        )
    except ValidationError:
        raise FormError({"answers": N_("Nothing was filled in.")}) from None
