"""The shape of a survey definition, and loading it from YAML with clear errors."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.common.content import check_languages, read_named
from app.config import get_settings

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_+\-]*$", max_length=40)]
Text = dict[str, Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]]
PREFER_NOT = "prefer_not_to_say"


class Strict(BaseModel):
    """Unknown keys are errors, so a typo in a definition never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(Strict):
    """The answer scale: any whole numbers min..max; nothing in the results assumes 1-7."""

    min: int = Field(default=1, ge=1)  # 0 and below are kept free for "no score"
    max: int = Field(default=7, le=20)
    min_label: Text
    max_label: Text
    dont_know: Text
    labels: list[Text] = []  # optional: one label per point, lowest first
    faces: bool = False  # draw a face per point (the children's 3-point scale)

    @model_validator(mode="after")
    def _sound(self) -> "Scale":
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        if self.labels and len(self.labels) != self.size:
            raise ValueError(f"labels: give one label per point ({self.size})")
        if self.faces and (self.size != 3 or not self.labels):
            raise ValueError("faces: only a 3-point scale with labels has faces")
        return self

    @property
    def size(self) -> int:
        """How many points the scale has."""
        return self.max - self.min + 1

    @property
    def points(self) -> list[int]:
        """The scores, lowest first."""
        return list(range(self.min, self.max + 1))


class FreeText(Strict):
    key: Slug
    label: Text


class Group(Strict):
    slug: Slug
    name: Text


class Theme(Strict):
    slug: Slug
    group: Slug
    name: Text
    question: Text
    prompts: list[Text] = Field(min_length=3, max_length=5)


class Option(Strict):
    value: Slug
    label: Text


class ProfileQuestion(Strict):
    key: Slug
    label: Text
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _offers_prefer_not(self) -> "ProfileQuestion":
        values = [o.value for o in self.options]
        if PREFER_NOT not in values:
            raise ValueError(f"options must include '{PREFER_NOT}'")
        if len(set(values)) != len(values):
            raise ValueError("option values must be unique")
        return self

    @property
    def values(self) -> set[str]:
        """The stable option values."""
        return {o.value for o in self.options}


class Survey(Strict):
    """A whole definition; every text must exist in every listed locale."""

    slug: Slug
    version: int = Field(ge=1)
    variant_of: Slug | None = None  # a version (children's, youth) of another survey
    default_locale: str
    locales: list[str] = Field(min_length=1)
    title: Text
    intro: Text
    scale: Scale
    free_text: list[FreeText]
    groups: list[Group]
    themes: list[Theme] = Field(min_length=1)
    profile: list[ProfileQuestion] = []

    @model_validator(mode="after")
    def _consistent(self) -> "Survey":
        if self.default_locale not in self.locales:
            raise ValueError(f"default_locale '{self.default_locale}' is not in locales")
        group_slugs = {g.slug for g in self.groups}
        for field, items in (("themes", self.themes), ("profile", self.profile)):
            keys = [getattr(i, "slug", None) or getattr(i, "key", "") for i in items]
            if len(set(keys)) != len(keys):
                raise ValueError(f"{field}: slugs must be unique")
        if self.variant_of == self.slug:
            raise ValueError("variant_of: a survey cannot be a version of itself")
        for i, theme in enumerate(self.themes):
            if theme.group not in group_slugs:
                raise ValueError(f"themes.{i}.group: unknown group '{theme.group}'")
        check_languages(self, self.locales)
        return self

    @property
    def theme_slugs(self) -> list[str]:
        """Theme slugs in the standard order."""
        return [t.slug for t in self.themes]

    def profile_question(self, key: str) -> ProfileQuestion | None:
        """The profile question with this key, if any."""
        return next((q for q in self.profile if q.key == key), None)


class DefinitionError(Exception):
    """A survey file that cannot be used; the message names file, field and problem."""


def load_file(path: Path) -> Survey:
    """Parse and validate one YAML definition."""
    return read_named(path, Survey, DefinitionError)


@lru_cache
def load_all(directory: Path | None = None) -> dict[str, Survey]:
    """Every definition in the surveys folder, by slug."""
    folder = directory or get_settings().surveys_dir
    surveys = [load_file(p) for p in sorted(folder.glob("*.yaml"))]
    # Main surveys first, so "the first survey" is never a children's or youth version.
    surveys.sort(key=lambda s: s.variant_of is not None)
    slugs = {s.slug for s in surveys}
    for s in surveys:
        if s.variant_of and s.variant_of not in slugs:
            raise DefinitionError(f"surveys/{s.slug}.yaml: variant_of: no survey '{s.variant_of}'")
    return {s.slug: s for s in surveys}


def get_survey(slug: str) -> Survey | None:
    """The current definition with this slug, if any."""
    return load_all().get(slug)


def versions_of(slug: str) -> list[Survey]:
    """The other versions (children's, youth...) of a survey, in file order."""
    return [s for s in load_all().values() if s.variant_of == slug]
