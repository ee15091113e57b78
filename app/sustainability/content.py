"""Worksheet content and the funding starter list: their shape, loaded from YAML with clear errors."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from app.common.content import check_languages, read, read_named
from app.config import get_settings
from app.surveys.definitions import Slug, Strict, Text, load_all


class ContentError(Exception):
    """A toolbox file that cannot be used; the message names file, field and problem."""


class Theme(Strict):
    slug: Slug
    name: Text
    rule: Text  # the kjøreregel: what it takes for this theme to be sustainable
    question: Text  # asked at every plan level that does not ask its own
    compass: list[Slug] = []  # Stedskompasset theme slugs residents scored that this theme maps to


class Dimension(Strict):
    slug: Slug
    name: Text
    themes: list[Theme] = Field(min_length=1)


class PlanLevel(Strict):
    slug: Slug
    name: Text
    purpose: Text
    questions: dict[Slug, Text] = {}  # theme slug -> the question this level asks instead


class Worksheets(Strict):
    """One worksheet set: every text must exist in every listed locale."""

    slug: Slug
    version: int = Field(ge=1)
    default_locale: str
    locales: list[str] = Field(min_length=1)
    example: bool = False
    title: Text
    note: Text  # shown on every worksheet page, e.g. that this is example content
    dimensions: list[Dimension] = Field(min_length=1)
    plan_levels: list[PlanLevel] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Worksheets":
        if self.default_locale not in self.locales:
            raise ValueError(f"default_locale '{self.default_locale}' is not in locales")
        for name, slugs in (("dimensions", [d.slug for d in self.dimensions]),
                            ("themes", [t.slug for d in self.dimensions for t in d.themes]),
                            ("plan_levels", [p.slug for p in self.plan_levels])):
            if len(set(slugs)) != len(slugs):
                raise ValueError(f"{name}: slugs must be unique")
        themes = set(self.theme_slugs)
        for i, level in enumerate(self.plan_levels):
            for slug in level.questions:
                if slug not in themes:
                    raise ValueError(f"plan_levels.{i}.questions.{slug}: unknown theme '{slug}'")
        survey = load_all().get("stedskompasset")
        known = set(survey.theme_slugs) if survey else set()
        for d, dim in enumerate(self.dimensions):
            for t, theme in enumerate(dim.themes):
                for slug in theme.compass:
                    if slug not in known:
                        raise ValueError(f"dimensions.{d}.themes.{t}.compass: unknown Stedskompasset "
                                         f"theme '{slug}'")
        check_languages(self, self.locales)
        return self

    @property
    def theme_slugs(self) -> list[str]:
        return [t.slug for d in self.dimensions for t in d.themes]

    def level(self, slug: str) -> PlanLevel | None:
        return next((p for p in self.plan_levels if p.slug == slug), None)

    def theme(self, slug: str) -> Theme | None:
        return next((t for d in self.dimensions for t in d.themes if t.slug == slug), None)

    def dimension_of(self, theme: str) -> Dimension | None:
        return next((d for d in self.dimensions if any(t.slug == theme for t in d.themes)), None)

    def questions(self, level: str) -> list[tuple[str, Text]]:
        """(theme slug, question) for every theme at a plan level, in order; the key is the theme."""
        found = self.level(level)
        own = found.questions if found else {}
        return [(t.slug, own.get(t.slug, t.question)) for d in self.dimensions for t in d.themes]


Short = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class Scheme(Strict):
    name: Short
    provider: Annotated[str, StringConstraints(max_length=200)] = ""
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    dimension: Slug
    theme: Annotated[str, StringConstraints(max_length=40)] = ""  # empty: the whole dimension
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]
    deadline: Short


class FundingFile(Strict):
    version: int = Field(ge=1)
    example: bool = False
    worksheets: Slug
    schemes: list[Scheme]


def load_file(path: Path) -> Worksheets:
    """Parse and validate one worksheet file; its slug must match its name."""
    return read_named(path, Worksheets, ContentError)


def load_funding(path: Path, sheets: dict[str, Worksheets]) -> FundingFile:
    """Parse the starter list; every dimension and theme must exist in the worksheet set it names."""
    funding = read(path, FundingFile, ContentError)
    target = sheets.get(funding.worksheets)
    if target is None:
        raise ContentError(f"{path}: worksheets: unknown worksheet set '{funding.worksheets}'")
    for i, s in enumerate(funding.schemes):
        dim = next((d for d in target.dimensions if d.slug == s.dimension), None)
        if dim is None:
            raise ContentError(f"{path}: schemes.{i}.dimension: unknown dimension '{s.dimension}'")
        if s.theme and s.theme not in {t.slug for t in dim.themes}:
            raise ContentError(f"{path}: schemes.{i}.theme: '{s.theme}' is not a theme of '{s.dimension}'")
    return funding


@lru_cache
def load_all_sheets() -> dict[str, Worksheets]:
    """Every worksheet file in toolbox/worksheets, by slug."""
    folder = get_settings().toolbox_dir / "worksheets"
    return {s.slug: s for s in (load_file(p) for p in sorted(folder.glob("*.yaml")))}


@lru_cache
def starter_funding() -> FundingFile | None:
    """toolbox/funding.yaml, checked against the worksheets (None when there is no such file)."""
    path = get_settings().toolbox_dir / "funding.yaml"
    return load_funding(path, load_all_sheets()) if path.exists() else None


def check_all() -> None:
    """Load every toolbox file this part uses, so a broken one stops start-up (raises ContentError)."""
    load_all_sheets.cache_clear()
    starter_funding.cache_clear()
    if not load_all_sheets():
        raise ContentError(f"{get_settings().toolbox_dir / 'worksheets'}: (folder): no worksheet file")
    starter_funding()


def text(t: dict[str, str], lang: str, default: str = "nb") -> str:
    """A content text in a language; Ukrainian and Arabic readers get English before Bokmål."""
    fallback = "en" if lang in ("uk", "ar") else default
    return t.get(lang) or t.get(fallback) or t.get(default) or next(iter(t.values()), "")
