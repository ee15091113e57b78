"""The organisation's overview: open campaigns with responses today, this week and in total
against a target (per area and mode), what waits for moderation, and the next workshops.

The counts are one grouped query over the open campaigns' responses, whatever their number."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from app.admin import moderation
from app.admin.forms import N_, FormError
from app.common.paging import Page, paginate
from app.common.text import is_digits
from app.models import Area, Board, Campaign, Idea, IdeaComment, Response, User, Workshop
from app.models.common import utcnow

MAX_TARGET = 10_000_000


@dataclass
class Line:
    """Counts for one area and mode, or the whole campaign."""

    today: int = 0
    week: int = 0
    total: int = 0

    def add(self, today: int, week: int, total: int) -> None:
        self.today += today
        self.week += week
        self.total += total


@dataclass
class CampaignCounts:
    """One open campaign's counts and its target."""

    campaign: Campaign
    target: int | None
    all: Line = field(default_factory=Line)
    rows: dict[tuple[str, str], Line] = field(default_factory=dict)

    @property
    def share(self) -> int | None:
        """Percent of the target reached (None without a target)."""
        return min(999, round(100 * self.all.total / self.target)) if self.target else None


def _starts(now: datetime) -> tuple[datetime, datetime]:
    today = datetime.combine(now.date(), time(), tzinfo=now.tzinfo)
    return today, today - timedelta(days=today.weekday())  # the week starts on Monday (UTC)


def campaigns(session: Session, user: User, now: datetime | None = None) -> list[CampaignCounts]:
    """Every open, unarchived campaign of the organisation with its counts (three queries)."""
    found = session.exec(
        select(Campaign)
        .where(
            Campaign.organisation_id == user.organisation_id,
            Campaign.status == "open",
            col(Campaign.archived_at).is_(None),
        )
        .order_by(col(Campaign.title))
    ).all()
    if not found:
        return []
    out = {c.id: CampaignCounts(c, target_of(c)) for c in found}
    areas = {
        a.id: a.name for a in session.exec(select(Area).where(col(Area.campaign_id).in_(list(out)))).all()
    }
    today, week = _starts(now or utcnow())
    stamp = col(Response.submitted_at)
    rows = session.exec(
        select(  # type: ignore[call-overload]
            Response.campaign_id,
            Response.area_id,
            Response.mode,
            func.sum(case((stamp >= today, 1), else_=0)),
            func.sum(case((stamp >= week, 1), else_=0)),
            func.count(),
        )
        .where(col(Response.campaign_id).in_(list(out)))
        .group_by(col(Response.campaign_id), col(Response.area_id), col(Response.mode))
    ).all()
    for campaign_id, area_id, mode, n_today, n_week, n_total in rows:
        entry = out[campaign_id]
        entry.all.add(int(n_today or 0), int(n_week or 0), int(n_total))
        entry.rows.setdefault((areas.get(area_id, "?"), mode), Line()).add(
            int(n_today or 0), int(n_week or 0), int(n_total)
        )
    for entry in out.values():
        entry.rows = dict(sorted(entry.rows.items()))
    return list(out.values())


def target_of(campaign: Campaign) -> int | None:
    """The number of responses the campaign aims for, if set."""
    value = (campaign.settings or {}).get("target")
    return value if isinstance(value, int) and value > 0 else None


def set_target(session: Session, campaign: Campaign, raw: str) -> None:
    """Set (or with an empty value clear) the campaign's target number of responses."""
    raw = raw.strip()
    if raw and not (is_digits(raw) and 0 < int(raw) <= MAX_TARGET):
        raise FormError({"target": N_("Write a whole number of responses, or leave it empty.")})
    settings = dict(campaign.settings or {})
    if raw:
        settings["target"] = int(raw)
    else:
        settings.pop("target", None)
    campaign.settings = settings  # a new dict, so the JSON column is written
    session.add(campaign)


def upcoming(session: Session, user: User, today: date | None = None) -> list[Workshop]:
    """The next five workshops from today on."""
    day = today or utcnow().date()
    return list(
        session.exec(
            select(Workshop)
            .where(
                Workshop.organisation_id == user.organisation_id,
                col(Workshop.held_on) >= day,
                col(Workshop.archived_at).is_(None),
            )
            .order_by(col(Workshop.held_on))
            .limit(5)
        ).all()
    )


def waiting(session: Session, user: User) -> dict[str, int]:
    """What waits for moderation on the organisation's boards."""
    return moderation.waiting(session, user.organisation_id)


SEARCHED = ("campaigns", "boards", "ideas", "comments")
FOUND_PAGE = 20


def search(
    session: Session, user: User, text: str, pages: dict[str, int] | None = None
) -> dict[str, Page[Any]]:
    """Campaigns, boards, ideas and comments of the organisation whose words contain the text,
    newest first: one page of each (`pages` names each list's page), one query a list."""
    needle = text.strip()[:100]
    if len(needle) < 2:
        return {}
    pages = pages or {}
    cleaned = needle.replace("\\", "").replace("%", "").replace("_", "")  # no LIKE wildcards from the user
    like = f"%{cleaned}%"
    org = user.organisation_id
    queries: dict[str, Any] = {
        "campaigns": select(Campaign)
        .where(
            Campaign.organisation_id == org,
            or_(col(Campaign.title).ilike(like), col(Campaign.slug).ilike(like)),
        )
        .order_by(col(Campaign.created_at).desc(), col(Campaign.id).desc()),
        "boards": select(Board)
        .where(
            Board.organisation_id == org,
            or_(col(Board.title).ilike(like), col(Board.slug).ilike(like)),
        )
        .order_by(col(Board.id).desc()),
        "ideas": select(Idea, Board.slug)
        .join(Board, col(Board.id) == col(Idea.board_id))
        .where(
            Board.organisation_id == org,
            or_(col(Idea.title).ilike(like), col(Idea.description).ilike(like)),
        )
        .order_by(col(Idea.created_at).desc(), col(Idea.id).desc()),
        "comments": select(IdeaComment, Idea.title, Board.slug)
        .join(Idea, col(Idea.id) == col(IdeaComment.idea_id))
        .join(Board, col(Board.id) == col(Idea.board_id))
        .where(Board.organisation_id == org, col(IdeaComment.body).ilike(like))
        .order_by(col(IdeaComment.created_at).desc(), col(IdeaComment.id).desc()),
    }
    return {k: paginate(q, session, pages.get(k, 1), FOUND_PAGE) for k, q in queries.items()}
