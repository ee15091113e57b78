"""What was heard, for the follow-up page: the released figures and approved quotes, through results only.

Every figure comes from `public_summary` (the newest release, protected by app/results/disclosure.py), so
this page shows nothing the public results page would not; quotes only when results are published.
"""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Area, Campaign
from app.results.service import approved_by_theme, approved_comments, points_of, themes_of
from app.results.summary import public_summary, theme_names


@dataclass
class ThemeLine:
    theme: str
    name: str
    mean: float | None  # None when hidden or not published
    change: float | None  # since the previous round, when both rounds show the theme
    quotes: list[str]


def area_slugs(session: Session, campaign: Campaign) -> list[str]:
    return list(session.exec(select(Area.slug).where(Area.campaign_id == campaign.id)))


def previous_round(session: Session, campaign: Campaign) -> Campaign | None:
    """The earlier round, when it belongs to the same municipality and its results are public too."""
    prev = session.get(Campaign, campaign.previous_campaign_id) if campaign.previous_campaign_id else None
    if prev is None or prev.organisation_id != campaign.organisation_id:
        return None
    return prev if prev.public_slug and prev.results_public else None


def heard(session: Session, campaign: Campaign, lang: str, area: str | None = None,
          staff: bool = False) -> tuple[int | None, list[ThemeLine]]:
    """Responses in the release and, per theme, the mean, the change since the last round and quotes.

    `staff`: the released figures even before the results page is public (for the plan documents)."""
    names = dict(zip(themes_of(campaign), theme_names(campaign, lang), strict=True))
    if not (campaign.results_public or staff):
        return None, [ThemeLine(t, n, None, None, []) for t, n in names.items()]
    now = public_summary(session, campaign, area)
    prev = previous_round(session, campaign)
    before = {}
    if prev is not None and points_of(prev) == points_of(campaign):  # a change only on one scale
        same = area if area is not None and area in area_slugs(session, prev) else None
        before = {t.theme: t for t in public_summary(session, prev, same).themes}
    if area is None:
        said = approved_by_theme(session, campaign, 1)
        quotes = {t: k["better"][:1] + k["good"][:1] for t, k in said.items()}
    else:
        quotes = {t: approved_comments(session, campaign, t, "better", area, 1) for t in names}
    lines = []
    for t in now.themes:
        mean = None if t.hidden else t.mean
        old = before.get(t.theme)
        old_mean = None if old is None or old.hidden else old.mean
        change = round(mean - old_mean, 1) if mean is not None and old_mean is not None else None
        lines.append(ThemeLine(t.theme, names.get(t.theme, t.theme), mean, change, quotes.get(t.theme, [])))
    return now.n, lines


def next_round(session: Session, campaign: Campaign) -> Campaign | None:
    """A published later round of this campaign, where residents can answer again or see the change."""
    stmt = select(Campaign).where(Campaign.previous_campaign_id == campaign.id,
                                  col(Campaign.public_slug).is_not(None))
    return session.exec(stmt.order_by(col(Campaign.created_at).desc())).first()
