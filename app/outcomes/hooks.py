"""Workshop outcomes and idea statuses become entries of the one register (called by those domains)."""

from sqlmodel import Session, col, select

from app.models import Answer, Board, Campaign, CommentReview, Idea, Workshop
from app.models.outcomes import Outcome, OutcomeEvent, OutcomeSource
from app.models.workshops import OutcomeItem
from app.outcomes import service
from app.outcomes.service import OutcomeForm
from app.outcomes.vocab import IDEA_STATUS, PLAN_STEPS


def from_workshop_item(session: Session, workshop: Workshop, item: OutcomeItem) -> Outcome:
    """Register what a workshop agreed, linked to its priority (a theme or an idea) and the quotes on it."""
    campaigns = [c for c in (session.get(Campaign, cid) for cid in workshop.campaign_ids) if c is not None]
    form = OutcomeForm(title=item.text[:200], plan_step=item.plan if item.plan in PLAN_STEPS else "",
                       responsible=item.responsible, campaign=str(campaigns[0].id) if campaigns else "")
    outcome = service.create(session, workshop.organisation_id, workshop.created_by, form, origin="workshop")
    outcome.workshop_id, outcome.workshop_item_id = workshop.id, item.id
    session.add(outcome)
    kind, _, ref = item.option.partition(":")
    for campaign in campaigns:
        if kind == "t":
            service.add_source(session, outcome, "theme", campaign, ref, workshop.id)
            for q in workshop.quotes:  # the approved comments shown on that theme
                if q.get("theme") == ref and q.get("campaign_id") == campaign.id:
                    said = _comment_refs(session, campaign, ref, str(q.get("kind")), str(q.get("text")))
                    for comment in said:
                        service.add_source(session, outcome, "comment", campaign, comment, workshop.id)
        elif kind == "i":
            service.add_source(session, outcome, "idea", campaign, ref, workshop.id)
    return outcome


def _comment_refs(session: Session, campaign: Campaign, theme: str, kind: str, text: str) -> list[str]:
    """The approved comments a workshop quote copies, as "<response>:<theme>:<kind>" (a quote keeps only
    the text; a masked one matches nothing and is left out)."""
    if kind not in ("good", "better"):
        return []
    said = getattr(Answer, kind)
    stmt = (select(CommentReview.response_id)
            .join(Answer, (col(Answer.response_id) == CommentReview.response_id)
                  & (col(Answer.theme) == CommentReview.theme))
            .where(CommentReview.campaign_id == campaign.id, CommentReview.theme == theme,
                   CommentReview.kind == kind, CommentReview.status == "approved", said == text).limit(5))
    return [f"{r}:{theme}:{kind}" for r in session.exec(stmt)]


def from_idea_status(session: Session, idea: Idea, status: str, answer: str, user_id: int | None) -> Outcome:
    """An idea's status on the board, as a register entry of its own with the same dated history."""
    mapped = IDEA_STATUS.get(status, "proposed")
    outcome = session.exec(select(Outcome).where(Outcome.idea_id == idea.id)).first()
    board = session.get(Board, idea.board_id)
    if outcome is None and board is not None:
        campaign = session.get(Campaign, board.campaign_id)
        form = OutcomeForm(title=idea.title[:200], public_note=answer, campaign=str(board.campaign_id),
                           is_public=True)
        outcome = service.create(session, board.organisation_id, user_id, form, origin="idea")
        outcome.idea_id = idea.id
        if campaign is not None:
            service.add_source(session, outcome, "idea", campaign, idea.id)
    assert outcome is not None
    outcome.public_note = answer
    if outcome.status != mapped or answer:
        outcome.status = mapped
        outcome.status_reason = answer if mapped == "not_done" else outcome.status_reason
        session.add(OutcomeEvent(outcome_id=outcome.id, status=mapped, note=answer, changed_by=user_id))  # type: ignore[arg-type]
    session.add(outcome)
    return outcome


def forget_ideas(session: Session, idea_ids: set[str]) -> int:
    """Delete the register entries made from these ideas' statuses (they copy the idea's title), with
    their history and sources; for deleting a campaign without a trace. Returns how many went."""
    if not idea_ids:
        return 0
    found = list(session.exec(select(Outcome).where(col(Outcome.idea_id).in_(idea_ids))))
    ids = [o.id for o in found]
    for model in (OutcomeEvent, OutcomeSource):
        for row in session.exec(select(model).where(col(model.outcome_id).in_(ids))):  # type: ignore[attr-defined]
            session.delete(row)
    session.flush()
    for o in found:
        session.delete(o)
    session.flush()
    return len(found)


def from_youth_statement(session: Session, workshop: Workshop, title: str, text: str,
                         outcome_id: int | None) -> Outcome:
    """The youth council's statement as one register entry: made the first time (case handling, the
    workshop's first campaign), its text kept as the entry's public note on every later save."""
    outcome = session.get(Outcome, outcome_id) if outcome_id else None
    if outcome is None or outcome.organisation_id != workshop.organisation_id:
        first = workshop.campaign_ids[0] if workshop.campaign_ids else None
        form = OutcomeForm(title=title[:200], public_note=text, plan_step="saksbehandling",
                           campaign=str(first) if first and session.get(Campaign, first) else "")
        outcome = service.create(session, workshop.organisation_id, workshop.created_by, form, origin="youth")
        outcome.workshop_id = workshop.id
    outcome.public_note = text
    session.add(outcome)
    session.flush()
    return outcome
