"""The shape of a dilemma scenario file (toolbox/scenarios/*.yaml), loaded with clear errors.

A scenario is data, like a survey definition: the situation, the injects that follow one by one,
questions for each step, and the themes (within the three dimensions) that groups mark + or −.
Raise `version` when steps or themes change; a session keeps a copy of the version it was run with.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from app.common.content import check_languages, read_named
from app.config import get_settings
from app.surveys.definitions import Slug, Strict, Text

MIN_LOCALES = ("nb", "nn", "en")  # every shipped scenario speaks at least these
# When a scenario lacks the reader's language: Sámi, Nynorsk and easy-read readers get Bokmål,
# others English.
FALLBACK = {"se": "nb", "nn": "nb", "nb": "nn", "lettlest": "nb"}


class Theme(Strict):
    slug: Slug
    name: Text


class Dimension(Strict):
    slug: Slug
    name: Text
    themes: list[Theme] = Field(min_length=1, max_length=12)


class Step(Strict):
    """The situation or one inject: what happens, and what the groups discuss."""

    title: Text
    text: Text
    questions: list[Text] = Field(min_length=1, max_length=8)


class Scenario(Strict):
    """A whole scenario; every text must exist in every listed locale."""

    slug: Slug
    version: int = Field(ge=1)
    example: bool = False  # a starter written for Medvirk: pages say so, to be replaced
    default_locale: str
    locales: list[str] = Field(min_length=1)
    title: Text
    summary: Text
    dimensions: list[Dimension] = Field(min_length=1, max_length=6)
    situation: Step
    injects: list[Step] = Field(min_length=1, max_length=10)
    closing_questions: list[Text] = Field(min_length=1, max_length=8)

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        if self.default_locale not in self.locales:
            raise ValueError(f"default_locale '{self.default_locale}' is not in locales")
        if self.example:
            missing = [loc for loc in MIN_LOCALES if loc not in self.locales]
            if missing:
                raise ValueError(f"locales: an example scenario must have {list(MIN_LOCALES)}, "
                                 f"missing {missing}")
        slugs = [d.slug for d in self.dimensions] + [t.slug for d in self.dimensions for t in d.themes]
        twice = sorted({s for s in slugs if slugs.count(s) > 1})
        if twice:
            raise ValueError(f"dimensions: slugs must be unique across dimensions and themes: {twice}")
        check_languages(self, self.locales)
        return self

    @property
    def steps(self) -> list[Step]:
        """The situation, then every inject: step numbers index this list."""
        return [self.situation, *self.injects]

    def effect_keys(self) -> list[str]:
        """Every slug a group may mark + or −: each dimension, then its themes."""
        return [slug for d in self.dimensions for slug in (d.slug, *(t.slug for t in d.themes))]

    def names(self, lang: str) -> dict[str, str]:
        """Dimension and theme slugs to their names in a language."""
        found = {}
        for d in self.dimensions:
            found[d.slug] = pick(d.name, lang, self.default_locale)
            found.update({t.slug: pick(t.name, lang, self.default_locale) for t in d.themes})
        return found

    def text_lang(self, lang: str) -> str:
        """The locale this scenario's texts are shown in for a reader of `lang`."""
        for code in (lang, FALLBACK.get(lang, "en"), "en", self.default_locale):
            if code in self.locales:
                return code
        return self.default_locale


def pick(text: dict[str, str], lang: str, default: str) -> str:
    """A text in the reader's language, else the nearest one the scenario has."""
    for code in (lang, FALLBACK.get(lang, "en"), "en", default):
        if code in text:
            return text[code]
    return next(iter(text.values()))


class ScenarioError(Exception):
    """A scenario file that cannot be used; the message names file, field and problem."""


def load_file(path: Path) -> Scenario:
    """Parse and validate one scenario file."""
    return read_named(path, Scenario, ScenarioError)


@lru_cache
def load_all(directory: Path | None = None) -> dict[str, Scenario]:
    """Every scenario in toolbox/scenarios/, by slug."""
    folder = (directory or get_settings().toolbox_dir) / "scenarios"
    return {s.slug: s for s in (load_file(p) for p in sorted(folder.glob("*.yaml")))}


def of_session(snapshot: dict[str, Any]) -> Scenario:
    """The copy a session was made with (validated when it was stored)."""
    return Scenario.model_validate(snapshot)
