"""Comment moderation: staff see every comment of a theme, filtered, and approve or hide each one."""

from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from app.common.paging import PAGE_SIZE, Page, paginate
from app.models import Answer, Area, Campaign, Response, User
from app.models.common import utcnow
from app.models.results import NO_GROUP, CommentReview, ResultTally
from app.results.masking import mask
from app.results.service import KINDS

STATUSES = ("approved", "hidden")
PAGE = PAGE_SIZE


@dataclass
class Comment:
    response_id: str
    theme: str
    kind: str
    text: str  # masked
    score: int | None
    area: str
    group_label: str | None
    status: str  # "new", "approved" or "hidden"


def for_review(
    session: Session, campaign: Campaign, theme: str, kind: str, *, area: str | None = None,
    group: str | None = None, score: int | None = None, status: str | None = None,
    page: int = 1,
) -> Page[Comment]:
    """One page of a theme's comments of a kind, newest first, with filters; texts come masked.

    One query whatever the page or the number of comments (the review status comes by a join)."""
    if kind not in KINDS:
        raise ValueError(kind)
    text = getattr(Answer, kind)
    review = CommentReview
    stmt = (
        select(Answer.response_id, text, Answer.score, Area.slug, Response.group_label,  # type: ignore[call-overload]
               review.status)
        .join(Response, col(Response.id) == Answer.response_id)
        .join(Area, col(Area.id) == Response.area_id)
        .outerjoin(review, (col(review.response_id) == Answer.response_id)
                   & (col(review.theme) == Answer.theme) & (col(review.kind) == kind))
        .where(Response.campaign_id == campaign.id, Answer.theme == theme, col(text).is_not(None))
    )
    if area:
        stmt = stmt.where(Area.slug == area)
    if group:
        stmt = stmt.where(Response.group_label == group)
    if score is not None:
        stmt = stmt.where(Answer.score == score)
    if status == "new":
        stmt = stmt.where(col(review.status).is_(None))
    elif status in STATUSES:
        stmt = stmt.where(review.status == status)
    stmt = stmt.order_by(col(Response.submitted_at).desc(), col(Answer.response_id))
    found = paginate(stmt, session, page, PAGE)
    found.items = [Comment(rid, theme, kind, mask(t), s, a, g, st or "new")
                   for rid, t, s, a, g, st in found.items]
    return found


def review(
    session: Session, campaign: Campaign, response_id: str, theme: str, kind: str, status: str,
    user: User, reason: str = "",
) -> bool:
    """Approve or hide one comment (a hidden one with the staff's reason, which only staff see);
    False when no such comment exists in the campaign."""
    if kind not in KINDS or status not in STATUSES:
        return False
    text = getattr(Answer, kind)
    exists = session.exec(
        select(Answer.response_id).join(Response, col(Response.id) == Answer.response_id)
        .where(Answer.response_id == response_id, Answer.theme == theme,
               Response.campaign_id == campaign.id, col(text).is_not(None))
    ).first()
    if exists is None:
        return False
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = {"campaign_id": campaign.id, "response_id": response_id, "theme": theme, "kind": kind,
              "status": status, "hidden_reason": reason if status == "hidden" else "",
              "reviewed_by": user.id, "reviewed_at": utcnow()}
    stmt = make(CommentReview).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["response_id", "theme", "kind"],
        set_={k: stmt.excluded[k] for k in ("status", "hidden_reason", "reviewed_by", "reviewed_at")})
    session.exec(stmt)  # type: ignore[call-overload]
    return True


def group_labels(session: Session, campaign: Campaign) -> list[str]:
    """The session group labels used in a campaign, for the filter (read from the tallies)."""
    stmt = select(ResultTally.group_label).where(
        ResultTally.campaign_id == campaign.id, ResultTally.group_label != NO_GROUP).distinct()
    return sorted(session.exec(stmt))
