"""Summaries read from the running tallies, and the comments staff approved.

Stable for other domains: `theme_summary` and `approved_comments` (bylab builds on them).
"""

import hashlib
import threading
from collections import OrderedDict, defaultdict
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from app.models import Answer, Area, Campaign, Response
from app.models.results import NO_GROUP, CommentReview, ProfileTally, ResultTally
from app.results import crossing, disclosure
from app.results.disclosure import add_to, responses_in
from app.results.masking import mask
from app.results.stats import Points, ThemeStat
from app.surveys.definitions import Survey, get_survey
from app.surveys.service import offered

Counts = dict[str, list[int]]  # theme -> [don't know, count of score 1, 2, ... up to the scale's top]
KINDS = ("good", "better")


def min_group(campaign: Campaign) -> int:
    """The campaign's smallest group shown; never below 3 (the disclosure module decides)."""
    return disclosure.threshold(campaign)


def survey_of(campaign: Campaign, version: str | None = None) -> Survey:
    """The campaign's survey, or one of the versions it offers."""
    survey = get_survey(version or campaign.survey_slug)
    assert survey is not None, version or campaign.survey_slug
    return survey


def points_of(campaign: Campaign, version: str | None = None) -> Points:
    """The scale of the campaign's survey (or of a version)."""
    return Points.of(survey_of(campaign, version).scale)


def themes_of(campaign: Campaign, version: str | None = None) -> list[str]:
    """Theme slugs in the standard order."""
    return survey_of(campaign, version).theme_slugs


def area_id(session: Session, campaign: Campaign, area_slug: str | None) -> int | None:
    """The id of an area of the campaign; a LookupError names an unknown slug."""
    if area_slug is None:
        return None
    found = session.exec(
        select(Area.id).where(Area.campaign_id == campaign.id, Area.slug == area_slug)
    ).first()
    if found is None:
        raise LookupError(area_slug)
    return found


def tally_key(campaign: Campaign, version: str | None = None) -> str:
    """The tallies' survey key of a version: "" for the campaign's own survey."""
    return "" if version in (None, campaign.survey_slug) else version  # type: ignore[return-value]


def tally_counts(
    session: Session, campaign_id: int, *, area: int | None = None, mode: str | None = None,
    group_label: str | None = None, consensus: bool = False, by: str | None = None, survey: str = "",
) -> dict[object, Counts]:
    """Counts per breakdown key (None without `by`); `by` is a ResultTally column name; `survey`
    the tally key of one survey version ("": the campaign's own)."""
    t = ResultTally
    key = getattr(t, by) if by else None
    cols = [key] if key is not None else []
    stmt = select(*cols, t.theme, t.score, func.sum(t.count)).where(  # type: ignore[call-overload]
        t.campaign_id == campaign_id, t.survey == survey, t.is_consensus == consensus)
    if area is not None:
        stmt = stmt.where(t.area_id == area)
    if mode is not None:
        stmt = stmt.where(t.mode == mode)
    if group_label is not None:
        stmt = stmt.where(t.group_label == group_label)
    stmt = stmt.group_by(*cols, t.theme, t.score)
    out: dict[object, Counts] = defaultdict(dict)
    for row in session.connection().execute(stmt):  # Core: no ORM work per row on the hot path
        k, theme, score, n = (row[0], *row[1:]) if key is not None else (None, *row)
        add_to(out[k], theme, score, int(n))
    campaign = session.get(Campaign, campaign_id)
    width = points_of(campaign, survey or None).width if campaign is not None else 0
    for counts in out.values():  # lists as wide as the survey's scale, whichever scores came
        for c in counts.values():
            c.extend([0] * (width - len(c)))
    return out


_PLANS: "OrderedDict[tuple, crossing.Plan]" = OrderedDict()  # per process, by campaign and data
_PLANS_KEPT = 16
_LOCK = threading.Lock()  # request threads share the cache


def _fingerprint(session: Session, campaign_id: int) -> str:
    """A digest of every tally of a campaign: it changes whenever any response is stored or
    deleted (the tallies move in the same transaction), and costs a few thousand rows."""
    digest = hashlib.sha256()
    areas = session.connection().execute(
        select(Area.id, Area.slug).where(Area.campaign_id == campaign_id).order_by(col(Area.id)))
    digest.update(repr([tuple(a) for a in areas]).encode())  # ids can come back after a deletion
    for model in (ResultTally, ProfileTally):
        table: Any = getattr(model, "__table__")  # noqa: B009  (SQLModel hides it from mypy)
        key = [c for c in table.primary_key.columns if c.name != "shard"]  # shards summed
        rows = session.connection().execute(
            select(*key, func.sum(table.c.count)).where(table.c.campaign_id == campaign_id)  # type: ignore[call-overload]
            .group_by(*key).order_by(*key))
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def staff_plan(session: Session, campaign: Campaign, consensus: bool = False,
               version: str | None = None) -> crossing.Plan:
    """The disclosure plan of a campaign's live figures (individual answers, or group consensus):
    every staff figure is read from it. Worked out again only when the tallies changed. With
    `version`, of the responses to that survey version only, on its own scale."""
    assert campaign.id is not None
    if version is None and len(offered(campaign)) > 1:
        version = campaign.survey_slug  # the main survey's figures never take in another scale
    key = (campaign.id, campaign.created_at, campaign.survey_slug, version, consensus,
           disclosure.threshold(campaign), _fingerprint(session, campaign.id))
    with _LOCK:
        plan = _PLANS.get(key)
    if plan is None:
        survey = survey_of(campaign, version)
        questions = [q.key for q in survey.profile]
        plan = disclosure.staff_plan(session, campaign, questions, survey.theme_slugs,
                                     Points.of(survey.scale), consensus, version)
    with _LOCK:
        _PLANS[key] = plan
        _PLANS.move_to_end(key)
        while len(_PLANS) > _PLANS_KEPT:
            _PLANS.popitem(last=False)
    return plan


def theme_summary(session: Session, campaign: Campaign, area_slug: str | None = None) -> list[ThemeStat]:
    """Per theme in the standard order: n, don't know, mean, 95% interval, median, histogram.

    Individual answers only (consensus scores are a series of their own), live, for staff; the
    disclosure plan hides what is too small or would give a small group back.
    """
    area_id(session, campaign, area_slug)  # an unknown area is a LookupError
    return staff_plan(session, campaign).figures(crossing.cell(area=area_slug))[1]


def consensus_summary(session: Session, campaign: Campaign, area_slug: str | None = None) -> list[ThemeStat]:
    """Group consensus scores as their own series: one agreed score per group, never averaged in.
    Each group's agreement counts as one answer, so the series shows from k of them (the plan of
    the consensus answers, by area, decides)."""
    area_id(session, campaign, area_slug)
    return staff_plan(session, campaign, consensus=True).figures(crossing.cell(area=area_slug))[1]


def approved_comments(
    session: Session, campaign: Campaign, theme: str, kind: str, area_slug: str | None = None,
    limit: int = 5,
) -> list[str]:
    """Comments staff approved for a theme ("good" or "better"), newest approval first, masked.

    Nothing comes back for an area too small to show.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    assert campaign.id is not None
    aid = area_id(session, campaign, area_slug)
    if aid is not None:
        counts = tally_counts(session, campaign.id, area=aid).get(None, {})
        if responses_in(counts) < min_group(campaign):
            return []
    text = getattr(Answer, kind)
    review = CommentReview
    # Start from the few approved reviews (indexed by campaign, theme, kind, status).
    stmt = (
        select(text)
        .select_from(review)
        .join(Answer, (col(Answer.response_id) == review.response_id) & (col(Answer.theme) == review.theme))
        .where(review.campaign_id == campaign.id, review.theme == theme, review.kind == kind,
               review.status == "approved", col(text).is_not(None))
        .order_by(col(review.reviewed_at).desc(), col(review.response_id))
        .limit(limit)
    )
    if aid is not None:
        stmt = stmt.join(Response, col(Response.id) == review.response_id).where(Response.area_id == aid)
    return [mask(t) for t in session.exec(stmt)]


def approved_by_theme(
    session: Session, campaign: Campaign, limit: int = 3,
) -> dict[str, dict[str, list[str]]]:
    """The newest approved comments of every theme and kind (the public page): one query that
    returns at most `limit` rows per theme and kind, however many comments were approved."""
    out: dict[str, dict[str, list[str]]] = {t: {k: [] for k in KINDS} for t in themes_of(campaign)}
    review = CommentReview
    text = case((col(review.kind) == "good", col(Answer.good)), else_=col(Answer.better))
    rank = func.row_number().over(
        partition_by=(col(review.theme), col(review.kind)),
        order_by=(col(review.reviewed_at).desc(), col(review.response_id)))
    ranked = (
        select(col(review.theme).label("theme"), col(review.kind).label("kind"), text.label("text"),
               rank.label("rank"))
        .select_from(review)
        .join(Answer, (col(Answer.response_id) == review.response_id) & (col(Answer.theme) == review.theme))
        .where(review.campaign_id == campaign.id, review.status == "approved", text.is_not(None), text != "")
        .subquery()
    )
    stmt = (select(ranked.c.theme, ranked.c.kind, ranked.c.text).where(ranked.c.rank <= limit)
            .order_by(ranked.c.theme, ranked.c.kind, ranked.c.rank))
    for theme, kind, comment in session.exec(stmt):  # type: ignore[call-overload]
        shown = out.get(theme, {}).get(kind)
        if shown is not None:
            shown.append(mask(comment))
    return out


__all__ = ["NO_GROUP", "ThemeStat", "approved_comments", "consensus_summary", "theme_summary"]
