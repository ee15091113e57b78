"""What the register pages show: sources with their labels, what may be linked, the public outcomes."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from app.models import Answer, Area, Board, Campaign, CommentReview, Idea
from app.models.outcomes import Assignment, Outcome, OutcomeEvent, OutcomeSource
from app.outcomes import service
from app.results.masking import mask
from app.results.service import themes_of
from app.results.summary import theme_names

OFFER_LIMIT = 40  # approved comments and ideas offered per campaign on the outcome page


@dataclass
class SourceView:
    id: int
    kind: str
    campaign_id: int
    ref: str
    label: str


def org_campaigns(session: Session, organisation_id: int) -> list[Campaign]:
    stmt = select(Campaign).where(Campaign.organisation_id == organisation_id)
    return list(session.exec(stmt.order_by(col(Campaign.created_at).desc()).limit(200)))


def _theme_labels(campaign: Campaign, lang: str) -> dict[str, str]:
    return dict(zip(themes_of(campaign), theme_names(campaign, lang), strict=True))


def source_views(session: Session, outcomes: list[Outcome], lang: str) -> dict[int, list[SourceView]]:
    """Each outcome's sources with a readable label; a source whose comment or idea is gone is left out."""
    out: dict[int, list[SourceView]] = {o.id: [] for o in outcomes if o.id is not None}
    rows = service.sources(session, list(out))
    campaigns = {c.id: c for c in session.exec(select(Campaign).where(
        col(Campaign.id).in_({r.campaign_id for r in rows})))}
    for r in rows:
        campaign = campaigns.get(r.campaign_id)
        label = _label(session, r, campaign, lang) if campaign else None
        if label is not None:
            out[r.outcome_id].append(SourceView(r.id, r.kind, r.campaign_id, r.ref, label))  # type: ignore[arg-type]
    return out


def _label(session: Session, r: OutcomeSource, campaign: Campaign, lang: str) -> str | None:
    if r.kind == "theme":
        return _theme_labels(campaign, lang).get(r.ref, r.ref)
    if r.kind == "area":
        stmt = select(Area.name).where(Area.campaign_id == campaign.id, Area.slug == r.ref)
        return session.exec(stmt).first()
    if r.kind == "idea":
        idea = session.get(Idea, r.idea_id) if r.idea_id else None
        return idea.title if idea is not None and idea.visibility == "visible" else None
    if r.kind == "comment" and r.response_id:
        theme, kind = service.comment_parts(r.ref)
        review = session.get(CommentReview, (r.response_id, theme, kind))
        answer = session.get(Answer, (r.response_id, theme))
        text = getattr(answer, kind, None) if answer is not None and kind in ("good", "better") else None
        return mask(text) if text and review is not None and review.status == "approved" else None
    return None


Offer = tuple[str, str, list[tuple[str, str]]]  # campaign id, title, (value, label) pairs


def offered_sources(session: Session, outcome: Outcome, lang: str) -> list[Offer]:
    """What may be linked, per campaign of the organisation the outcome names (or the newest ones)."""
    campaigns = [c for c in org_campaigns(session, outcome.organisation_id)
                 if outcome.campaign_id is None or c.id == outcome.campaign_id][:3]
    return [(str(c.id), c.title, _offer_of(session, c, lang)) for c in campaigns]


def _offer_of(session: Session, c: Campaign, lang: str) -> list[tuple[str, str]]:
    """Themes, areas, visible ideas and approved comments (masked) of one campaign, as form values."""
    pairs = [(f"theme|{c.id}|{k}", v) for k, v in _theme_labels(c, lang).items()]
    pairs += [(f"area|{c.id}|{slug}", name) for slug, name in session.exec(
        select(Area.slug, Area.name).where(Area.campaign_id == c.id).order_by(col(Area.id)))]
    ideas = session.exec(select(Idea.id, Idea.title).join(Board, col(Board.id) == Idea.board_id)
                         .where(Board.campaign_id == c.id, Idea.visibility == "visible")
                         .order_by(col(Idea.created_at).desc()).limit(OFFER_LIMIT))
    pairs += [(f"idea|{c.id}|{i}", t) for i, t in ideas]
    reviews = session.exec(select(CommentReview).where(
        CommentReview.campaign_id == c.id, CommentReview.status == "approved").limit(OFFER_LIMIT))
    for rv in reviews:
        answer = session.get(Answer, (rv.response_id, rv.theme))
        text = getattr(answer, rv.kind, None) if answer is not None else None
        if text:
            pairs.append((f"comment|{c.id}|{rv.response_id}:{rv.theme}:{rv.kind}", mask(text)[:120]))
    return pairs


@dataclass
class PublicOutcome:
    outcome: Outcome
    sources: list[SourceView]
    history: list[OutcomeEvent]
    changed_at: datetime


def public_outcomes(session: Session, campaign: Campaign, lang: str,
                    area: str | None = None) -> list[PublicOutcome]:
    """Outcomes marked public that name this campaign or come from it; for an area, those about the area
    or about no area in particular. Only this campaign's sources show, comments only with public results."""
    from_sources = select(OutcomeSource.outcome_id).where(OutcomeSource.campaign_id == campaign.id)
    stmt = select(Outcome).where(col(Outcome.is_public).is_(True),
                                 Outcome.organisation_id == campaign.organisation_id,
                                 or_(Outcome.campaign_id == campaign.id, col(Outcome.id).in_(from_sources)))
    found = list(session.exec(stmt.order_by(col(Outcome.id)).limit(500)))
    copied = [o.idea_id for o in found if o.idea_id]
    shown = set(session.exec(select(Idea.id).where(col(Idea.id).in_(copied), Idea.visibility == "visible"))) \
        if copied else set()
    found = [o for o in found if o.origin != "idea" or o.idea_id in shown]  # a hidden idea stays hidden
    views = source_views(session, found, lang)
    ids = [o.id for o in found]
    events = session.exec(select(OutcomeEvent).where(col(OutcomeEvent.outcome_id).in_(ids))
                          .order_by(col(OutcomeEvent.created_at), col(OutcomeEvent.id))).all() if ids else []
    out = []
    for o in found:
        srcs = [s for s in views.get(o.id or 0, []) if s.campaign_id == campaign.id
                and (s.kind != "comment" or campaign.results_public)]
        areas = {s.ref for s in srcs if s.kind == "area" and s.campaign_id == campaign.id}
        if area is not None and areas and area not in areas:
            continue
        history = [e for e in events if e.outcome_id == o.id]
        out.append(PublicOutcome(o, srcs, history, history[-1].created_at if history else o.created_at))
    return out


def assignment_labels(session: Session, rows: list[Assignment]) -> dict[int, str]:
    """The text of each routed comment (masked) or the title of each routed idea."""
    out = {}
    for a in rows:
        if a.kind == "idea" and a.idea_id:
            idea = session.get(Idea, a.idea_id)
            out[a.id] = idea.title if idea else ""
        elif a.kind == "comment" and a.response_id:
            theme, kind = service.comment_parts(a.ref)
            answer = session.get(Answer, (a.response_id, theme))
            text = getattr(answer, kind, None) if answer is not None and kind in ("good", "better") else None
            out[a.id] = mask(text) if text else ""
    return {k: v for k, v in out.items() if k is not None}  # type: ignore[misc]


@dataclass
class Routable:
    kind: str
    ref: str
    label: str
    assignment: Assignment | None


def routable(session: Session, campaign: Campaign, lang: str) -> list[Routable]:
    """A campaign's approved comments and visible ideas (the newest first), with their current routing."""
    found: list[Routable] = []
    for value, label in _offer_of(session, campaign, lang):
        kind, _, rest = value.partition("|")
        if kind in ("comment", "idea"):
            found.append(Routable(kind, rest.partition("|")[2], label, None))
    stmt = select(Assignment).where(Assignment.campaign_id == campaign.id)
    routed = {(a.kind, _form_ref(a)): a for a in session.exec(stmt.limit(5000))}
    for r in found:
        r.assignment = routed.get((r.kind, r.ref))
    return found


def _form_ref(a: Assignment) -> str:
    """An assignment as the routing form names its item ("<response>:<theme>:<kind>" or the idea id)."""
    if a.kind == "comment":
        theme, kind = service.comment_parts(a.ref)
        return f"{a.response_id}:{theme}:{kind}"
    return a.ref


def area_names(session: Session, campaign: Campaign) -> list[tuple[str, str]]:
    stmt = select(Area.slug, Area.name).where(Area.campaign_id == campaign.id).order_by(col(Area.id))
    return list(session.exec(stmt))  # type: ignore[arg-type]
