"""What a worksheet summary and a dilemma session show on a slide and in the report, read from their
own domains (app.sustainability.summary, app.dilemmas.summary); this module only picks."""

from dataclasses import dataclass, field

from sqlmodel import Session

from app.dilemmas import summary as dilemma_summary
from app.dilemmas.scenarios import pick
from app.models.workshops import Workshop
from app.sustainability import summary as sheet_summary
from app.sustainability.vocab import CHOICES
from app.workshops import toolbox
from app.workshops.content import Gettext


@dataclass
class SheetView:
    """A worksheet's summary: counts per dimension, what is negative or unassessed, the målkonflikter."""

    name: str
    case_number: str
    level: str
    example: bool
    dimensions: list[tuple[str, dict[str, int]]]
    negative: list[tuple[str, str]]  # (theme, reason)
    unassessed: list[str]
    conflicts: list[str]


@dataclass
class DilemmaView:
    """A finished session: the scenario, the conflicts the groups found, the principles agreed."""

    title: str
    scenario: str
    example: bool
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (step, group, what they saw)
    principles: list[str] = field(default_factory=list)


def sheets(session: Session, workshop: Workshop, lang: str, _: Gettext) -> list[SheetView]:
    out = []
    for ws in toolbox.chosen_worksheets(session, workshop):
        s = sheet_summary.build(session, ws, lang)
        out.append(SheetView(ws.name, ws.case_number, s.level, s.example,
                             [(b.name, b.counts) for b in s.blocks],
                             [(ln.name, ln.reason) for ln in s.negative], [ln.name for ln in s.unassessed],
                             sheet_summary.conflict_lines(s, _)))
    return out


def _seen(helped: list[str], harmed: list[str], text: str) -> str:
    """What a group saw: its own words, else the themes it marked + and −."""
    return text or f"+ {', '.join(helped) or '–'} / − {', '.join(harmed) or '–'}"


def dilemmas(session: Session, workshop: Workshop, lang: str) -> list[DilemmaView]:
    out = []
    for row in toolbox.chosen_dilemmas(session, workshop):
        r = dilemma_summary.build(session, row, lang)
        out.append(DilemmaView(
            row.title, pick(r.scenario.title, lang, r.scenario.default_locale), r.scenario.example,
            [(s.title, a.group, _seen(a.helped, a.harmed, a.conflicts)) for s, a in r.conflicts],
            [p.text for p in r.principles]))
    return out


# The columns of the dimension table: on a slide the three that matter, in the report all five.
SLIDE_CHOICES = {k: CHOICES[k] for k in ("positive", "negative", "not_assessed")}
REPORT_CHOICES = CHOICES
