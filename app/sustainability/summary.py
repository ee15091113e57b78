"""A worksheet's summary for the saksframlegg: per dimension and theme, what is negative or unassessed,
the målkonflikter, residents' Stedskompasset scores (published figures only) and funding schemes."""

from dataclasses import dataclass, field

from sqlmodel import Session

from app.models import Campaign
from app.models.sustainability import FundingScheme, Worksheet, WorksheetAnswer
from app.results.summary import public_summary, theme_names
from app.sustainability import funding, service
from app.sustainability.content import Worksheets, text
from app.sustainability.vocab import CHOICES

UNASSESSED = ("", "not_assessed")


@dataclass
class Score:
    name: str
    mean: float | None  # None: too few answers published, or nothing published yet


@dataclass
class ThemeLine:
    slug: str
    name: str
    rule: str
    question: str
    choice: str  # "" when not answered
    reason: str
    scores: list[Score] = field(default_factory=list)
    schemes: list[FundingScheme] = field(default_factory=list)


@dataclass
class Block:
    slug: str
    name: str
    themes: list[ThemeLine]
    counts: dict[str, int]
    schemes: list[FundingScheme]  # for the whole dimension


@dataclass
class Conflict:
    """A målkonflikt: a theme harmed while others are helped."""

    harmed: ThemeLine
    helped: list[ThemeLine]


@dataclass
class Summary:
    worksheet: Worksheet
    title: str
    note: str
    example: bool
    level: str
    purpose: str
    blocks: list[Block]
    negative: list[ThemeLine]
    unassessed: list[ThemeLine]
    conflicts: list[Conflict]
    campaign: Campaign | None
    n: int | None


def _scores(session: Session, campaign: Campaign | None, lang: str) -> tuple[dict[str, Score], int | None]:
    """Released, disclosure-protected means per Stedskompasset theme (what the public results show)."""
    if campaign is None:
        return {}, None
    figures = public_summary(session, campaign)
    names = dict(zip((t.theme for t in figures.themes), theme_names(campaign, lang), strict=False))
    return {t.theme: Score(names.get(t.theme, t.theme), None if t.hidden else t.mean)
            for t in figures.themes}, figures.n


def build(session: Session, ws: Worksheet, lang: str) -> Summary:
    """Everything the summary page and the documents show, in one language."""
    sheets: Worksheets = service.content_of(session, ws)
    stored: dict[str, WorksheetAnswer] = service.answers(session, ws)
    campaign = service.campaign_of(session, ws.organisation_id, ws.campaign_id) if ws.campaign_id else None
    scores, n = _scores(session, campaign, lang)
    schemes = funding.by_theme(session, ws.organisation_id)
    questions = dict(sheets.questions(ws.plan_level))
    blocks: list[Block] = []
    for dim in sheets.dimensions:
        lines = []
        for t in dim.themes:
            a = stored.get(t.slug)
            lines.append(ThemeLine(t.slug, text(t.name, lang), text(t.rule, lang),
                                   text(questions[t.slug], lang), a.choice if a else "",
                                   a.reason if a else "",
                                   [scores[c] for c in t.compass if c in scores],
                                   schemes.get((dim.slug, t.slug), [])))
        counts = {k: sum(1 for ln in lines if (ln.choice or "not_assessed") == k) for k in CHOICES}
        blocks.append(Block(dim.slug, text(dim.name, lang), lines, counts, schemes.get((dim.slug, ""), [])))
    every = [ln for b in blocks for ln in b.themes]
    helped = [ln for ln in every if ln.choice == "positive"]
    negative = [ln for ln in every if ln.choice == "negative"]
    level = sheets.level(ws.plan_level)
    return Summary(ws, text(sheets.title, lang), text(sheets.note, lang), sheets.example,
                   text(level.name, lang) if level else ws.plan_level,
                   text(level.purpose, lang) if level else "", blocks, negative,
                   [ln for ln in every if ln.choice in UNASSESSED],
                   [Conflict(h, helped) for h in negative if helped], campaign, n)


def conflict_lines(s: Summary, _) -> list[str]:  # type: ignore[no-untyped-def]
    """Each målkonflikt as one sentence, for the register entry and the documents."""
    return [_("Helps %(helped)s, but harms %(harmed)s.") % {
        "harmed": c.harmed.name, "helped": ", ".join(h.name for h in c.helped)} for c in s.conflicts]
