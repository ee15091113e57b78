"""The session log as a report: målkonflikter per step and group, effects by theme, principles."""

from dataclasses import dataclass, field

from sqlmodel import Session

from app.dilemmas import answers, service
from app.dilemmas.scenarios import Scenario, pick
from app.models.dilemmas import DilemmaGroup, DilemmaPrinciple, DilemmaSession


@dataclass
class GroupAnswer:
    group: str
    helped: list[str]
    harmed: list[str]
    conflicts: str
    winwin: str

    @property
    def is_conflict(self) -> bool:
        """A målkonflikt: something helped while something else is harmed, or one written down."""
        return bool(self.helped and self.harmed) or bool(self.conflicts)


@dataclass
class StepLog:
    number: int
    title: str
    answers: list[GroupAnswer] = field(default_factory=list)
    # a theme one group marked + and another −: seen differently, worth talking about
    split: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


@dataclass
class EffectRow:
    name: str
    is_dimension: bool
    counts: list[tuple[int, int]]  # (+, −) per step


@dataclass
class Report:
    session: DilemmaSession
    scenario: Scenario
    text_lang: str
    groups: list[DilemmaGroup]
    steps: list[StepLog]
    effects: list[EffectRow]
    principles: list[DilemmaPrinciple]

    @property
    def conflicts(self) -> list[tuple[StepLog, GroupAnswer]]:
        return [(s, a) for s in self.steps for a in s.answers if a.is_conflict]

    @property
    def winwins(self) -> list[tuple[StepLog, GroupAnswer]]:
        return [(s, a) for s in self.steps for a in s.answers if a.winwin]


def build(session: Session, row: DilemmaSession, lang: str) -> Report:
    """Everything the report page, the PDF and the DOCX show, in the reader's language."""
    scenario = service.scenario_of(row)
    names = scenario.names(lang)
    groups = service.groups_of(session, row)
    group_names = {g.id: g.name for g in groups}
    keys = scenario.effect_keys()
    logs = [StepLog(i, pick(s.title, lang, scenario.default_locale)) for i, s in enumerate(scenario.steps)]
    counts = {k: [[0, 0] for _ in logs] for k in keys}
    for a in answers.answers_of(session, row):
        if a.step >= len(logs) or a.group_id not in group_names:
            continue
        marked = [k for k in keys if k in a.effects]  # in the scenario's order
        logs[a.step].answers.append(GroupAnswer(
            group=group_names[a.group_id], conflicts=a.conflicts, winwin=a.winwin,
            helped=[names[k] for k in marked if a.effects[k] == "+"],
            harmed=[names[k] for k in marked if a.effects[k] == "-"]))
        for k in marked:
            counts[k][a.step][0 if a.effects[k] == "+" else 1] += 1
    for log in logs:
        for k in keys:
            plus = [g.group for g in log.answers if names[k] in g.helped]
            minus = [g.group for g in log.answers if names[k] in g.harmed]
            if plus and minus:
                log.split.append((names[k], plus, minus))
    dimensions = {d.slug for d in scenario.dimensions}
    effects = [EffectRow(names[k], k in dimensions, [(p, m) for p, m in counts[k]]) for k in keys]
    return Report(row, scenario, scenario.text_lang(lang), groups, logs, effects,
                  service.principles_of(session, row))
