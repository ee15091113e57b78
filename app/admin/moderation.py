"""One moderation queue for the organisation: survey comments, idea-board comments and ideas,
with residents' reports.

A page is one query over every kind (a UNION, newest first) plus one for the reporters' reasons,
however long the queue. Bulk actions go through each domain's own functions: ideas through the
ideas service (a hidden idea keeps its history, its reports are resolved as on the board's page),
survey comments through app/results/comments.py, which alone decides what may be shown (their
texts are masked here as there).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, exists, func, literal, select, union_all
from sqlmodel import Session, col

from app.admin import audit, text_edits
from app.admin.forms import N_, FormError
from app.common.paging import PAGE_SIZE, Page
from app.ideas import service
from app.ideas.vocab import REASON_MAX
from app.models import Answer, Board, Campaign, Idea, IdeaComment, IdeaFlag, Response, User
from app.models.results import CommentReview
from app.results import comments as survey_comments
from app.results.masking import mask
from app.results.service import KINDS as SURVEY_KINDS

KINDS = ("all", "survey", "comment", "idea")
# A survey comment's review status, named as the boards name visibility.
REVIEWED = {"pending": None, "visible": "approved", "hidden": "hidden"}
STATES = ("pending", "reported", "visible", "hidden", "all")
MAX_BULK = 200


@dataclass
class Item:
    """One row of the queue."""

    kind: str
    id: str
    text: str
    about: str
    visibility: str
    reason: str
    created_at: datetime
    board: str
    board_title: str
    reports: list[str] = field(default_factory=list)
    edited: text_edits.Mark | None = None


def _open_flag(idea_id: Any) -> Any:
    return exists().where(col(IdeaFlag.idea_id) == idea_id, col(IdeaFlag.resolved_at).is_(None))


def _survey_parts(organisation_id: int, state: str, campaign: str) -> list[Any]:
    """Survey comments (what works, what could be better), one SELECT per kind of comment."""
    parts = []
    status = col(CommentReview.status)
    for which in SURVEY_KINDS:
        text = col(getattr(Answer, which))
        q: Any = (
            select(
                literal("survey").label("kind"),
                (col(Answer.response_id) + ":" + col(Answer.theme) + ":" + which).label("id"),
                text.label("text"),
                col(Answer.theme).label("about"),
                case((status == "approved", "visible"), (status == "hidden", "hidden"), else_="pending")
                .label("visibility"),
                func.coalesce(col(CommentReview.hidden_reason), "").label("reason"),
                col(Response.submitted_at).label("created_at"),
                col(Campaign.slug).label("board"),
                col(Campaign.title).label("board_title"),
            )
            .join(Response, col(Response.id) == col(Answer.response_id))
            .join(Campaign, col(Campaign.id) == col(Response.campaign_id))
            .outerjoin(
                CommentReview,
                (col(CommentReview.response_id) == col(Answer.response_id))
                & (col(CommentReview.theme) == col(Answer.theme))
                & (col(CommentReview.kind) == which),
            )
            .where(col(Campaign.organisation_id) == organisation_id, text.is_not(None), text != "")
        )
        if state in REVIEWED:
            wanted = REVIEWED[state]
            q = q.where(status.is_(None) if wanted is None else status == wanted)
        parts.append(q.where(col(Campaign.slug) == campaign) if campaign else q)
    return parts


def _of_campaign(q: Any, campaign: str) -> Any:
    """Only the boards of one campaign (by its slug), when a campaign is chosen."""
    if not campaign:
        return q
    return q.join(Campaign, col(Campaign.id) == col(Board.campaign_id)).where(col(Campaign.slug) == campaign)


def _parts(
    organisation_id: int, kind: str, state: str, board: str, campaign: str = "", surveys: bool = True
) -> list[Any]:
    parts = []
    if kind in ("all", "survey") and state != "reported" and surveys and not board:
        parts += _survey_parts(organisation_id, state, campaign)
    if kind in ("all", "comment") and state != "reported":
        q: Any = (
            select(
                literal("comment").label("kind"),
                col(IdeaComment.id).label("id"),
                col(IdeaComment.body).label("text"),
                col(Idea.title).label("about"),
                col(IdeaComment.visibility).label("visibility"),
                col(IdeaComment.hidden_reason).label("reason"),
                col(IdeaComment.created_at).label("created_at"),
                col(Board.slug).label("board"),
                col(Board.title).label("board_title"),
            )
            .join(Idea, col(Idea.id) == col(IdeaComment.idea_id))
            .join(Board, col(Board.id) == col(Idea.board_id))
            .where(col(Board.organisation_id) == organisation_id)
        )
        if state in ("pending", "visible", "hidden"):
            q = q.where(col(IdeaComment.visibility) == state)
        q = _of_campaign(q, campaign)
        parts.append(q.where(col(Board.slug) == board) if board else q)
    if kind in ("all", "idea"):
        q = (
            select(
                literal("idea").label("kind"),
                col(Idea.id).label("id"),
                col(Idea.description).label("text"),
                col(Idea.title).label("about"),
                col(Idea.visibility).label("visibility"),
                col(Idea.hidden_reason).label("reason"),
                col(Idea.created_at).label("created_at"),
                col(Board.slug).label("board"),
                col(Board.title).label("board_title"),
            )
            .join(Board, col(Board.id) == col(Idea.board_id))
            .where(col(Board.organisation_id) == organisation_id)
        )
        if state in ("pending", "visible", "hidden"):
            q = q.where(col(Idea.visibility) == state)
        elif state == "reported":
            q = q.where(_open_flag(Idea.id))
        q = _of_campaign(q, campaign)
        parts.append(q.where(col(Board.slug) == board) if board else q)
    return parts


def queue(
    session: Session,
    organisation_id: int,
    kind: str,
    state: str,
    board: str,
    number: int,
    campaign: str = "",
    surveys: bool = True,
) -> Page[Item]:
    """One page of the queue, newest first, with the open reports' reasons of its ideas; survey
    comments (masked) only when `surveys` (the user may moderate them) and no board is chosen."""
    parts = _parts(organisation_id, kind, state, board, campaign, surveys)
    if not parts:
        return Page(items=[], number=number, has_next=False)
    both = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    query = (
        select(both)
        .order_by(both.c.created_at.desc(), both.c.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    rows = [Item(**dict(r._mapping)) for r in session.connection().execute(query)]
    items = rows[:PAGE_SIZE]
    for item in items:
        if item.kind == "survey":
            item.text = mask(item.text)
    edits = text_edits.marks(session, [f"{i.kind}:{i.id}" for i in items])  # even for an empty page
    for item in items:
        item.edited = edits.get(f"{item.kind}:{item.id}")
    ideas = [i.id for i in items if i.kind == "idea"]
    if kind in ("all", "idea"):  # even for a page without ideas: one statement count per filter
        flags = session.connection().execute(
            select(col(IdeaFlag.idea_id), col(IdeaFlag.reason))
            .where(col(IdeaFlag.idea_id).in_(ideas), col(IdeaFlag.resolved_at).is_(None))
            .order_by(col(IdeaFlag.created_at))
        )
        by_idea: dict[str, list[str]] = {}
        for idea_id, reason in flags:
            by_idea.setdefault(idea_id, []).append(reason)
        for item in items:
            item.reports = by_idea.get(item.id, []) if item.kind == "idea" else []
    return Page(items=items, number=number, has_next=len(rows) > PAGE_SIZE)


def waiting(session: Session, organisation_id: int) -> dict[str, int]:
    """How much waits on the boards: pending comments and ideas, and ideas with open reports (survey
    comments are read at leisure: an unread one is not waiting to be shown)."""

    def count(query: Any) -> int:
        return int(
            session.connection().execute(select(func.count()).select_from(query.subquery())).scalar() or 0
        )

    return {
        "pending": count(union_all(*_parts(organisation_id, "all", "pending", "", surveys=False))),
        "reported": count(_parts(organisation_id, "idea", "reported", "")[0]),
    }


def bulk(session: Session, user: User, picked: list[str], action: str, reason: str) -> int:
    """Approve or hide (with a reason residents see) the picked comments and ideas of the
    organisation; returns how many. Anything not the organisation's is left alone."""
    reason = reason.strip()
    errors = {}
    if action not in ("approve", "hide"):
        errors["action"] = N_("Choose approve or hide.")
    if action == "hide" and not reason:
        errors["reason"] = N_("Write why they are hidden; residents see the reason in their place.")
    if len(reason) > REASON_MAX:
        errors["reason"] = N_("The reason is too long.")
    if not picked or len(picked) > MAX_BULK:
        errors["items"] = N_("Tick at least one comment or idea (at most 200 at once).")
    if errors:
        raise FormError(errors)
    done = {"survey": 0, "comment": 0, "idea": 0}
    for key in dict.fromkeys(picked):
        kind, _, item_id = key.partition(":")
        if kind == "survey":
            done["survey"] += _review_survey(session, user, item_id, action, reason)
        elif kind == "comment":
            comment = session.get(IdeaComment, item_id[:36])
            idea = session.get(Idea, comment.idea_id) if comment else None
            if comment is not None and idea is not None and _ours(session, idea, user):
                service.moderate_comment(session, comment, action, reason)
                done["comment"] += 1
        elif kind == "idea":
            found = session.get(Idea, item_id[:36])
            if found is not None and _ours(session, found, user):
                service.moderate(session, found, action, reason, user.id)  # type: ignore[arg-type]
                done["idea"] += 1
    session.flush()
    total = sum(done.values())
    if total:
        target = f"{done['comment']} comments, {done['idea']} ideas"
        if done["survey"]:
            target += f", {done['survey']} survey comments"
        audit.record(session, user, f"moderation.{action}", target, reason)
    return total


def _review_survey(session: Session, user: User, key: str, action: str, reason: str) -> int:
    """Approve or hide (with the reason) one survey comment ('response:theme:kind') of the
    organisation; 1 if done."""
    response_id, _, rest = key.partition(":")
    theme, _, which = rest.partition(":")
    response = session.get(Response, response_id[:36])
    campaign = session.get(Campaign, response.campaign_id) if response else None
    if campaign is None or campaign.organisation_id != user.organisation_id:
        return 0
    status = "approved" if action == "approve" else "hidden"
    return int(survey_comments.review(session, campaign, response_id, theme[:40], which, status, user,
                                      reason if status == "hidden" else ""))


def _ours(session: Session, idea: Idea, user: User) -> bool:
    board = session.get(Board, idea.board_id)
    return board is not None and board.organisation_id == user.organisation_id
