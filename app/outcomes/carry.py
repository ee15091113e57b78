"""Rounds close the loop: the open outcomes of earlier workshops, as the starting point of the next one."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Board, Campaign, Idea
from app.models.outcomes import Outcome, OutcomeSource
from app.outcomes.vocab import OPEN_STATUSES
from app.results.service import themes_of


@dataclass
class Carry:
    """What the next workshop starts from: the open outcomes, and their themes, ideas and boards."""

    outcomes: list[Outcome]
    themes: list[str]
    idea_ids: list[str]
    board_ids: list[int]


def open_from_workshops(session: Session, organisation_id: int) -> list[Outcome]:
    stmt = select(Outcome).where(Outcome.organisation_id == organisation_id,
                                 col(Outcome.workshop_id).is_not(None),
                                 col(Outcome.status).in_(OPEN_STATUSES))
    return list(session.exec(stmt.order_by(col(Outcome.id)).limit(200)))


def carry(session: Session, campaign: Campaign) -> Carry:
    """The open workshop outcomes and, of their sources, the themes of this campaign's survey and the ideas on
    its boards (a later round takes up the themes of the earlier one)."""
    found = open_from_workshops(session, campaign.organisation_id)
    stmt = select(OutcomeSource).where(col(OutcomeSource.outcome_id).in_([o.id for o in found]))
    rows: list[OutcomeSource] = list(session.exec(stmt)) if found else []
    themes, ideas = [], []
    known = themes_of(campaign)
    for r in rows:
        if r.kind == "theme" and r.ref in known and r.ref not in themes:
            themes.append(r.ref)
        elif r.kind == "idea" and r.idea_id and r.idea_id not in ideas:
            ideas.append(r.idea_id)
    boards: dict[str, int] = {}
    if ideas:
        pairs = (select(Idea.id, Board.id).join(Board, col(Board.id) == Idea.board_id)
                .where(col(Idea.id).in_(ideas), Board.campaign_id == campaign.id))
        boards = {i: b for i, b in session.exec(pairs)}  # type: ignore[misc]
    return Carry(found, themes, [i for i in ideas if i in boards], sorted(set(boards.values())))
