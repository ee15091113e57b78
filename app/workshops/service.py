"""Prepare a workshop: campaigns, areas, comparisons, focus themes, boards, quotes and ideas."""

import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.common.paging import Page, paginate
from app.common.text import is_digits
from app.db import savepoint
from app.models import Area, Campaign, User
from app.models.ideas import Board, Idea
from app.models.workshops import Workshop
from app.surveys.definitions import get_survey
from app.workshops import toolbox, youth
from app.workshops.vocab import (
    CODE_ALPHABET,
    CODE_LENGTH,
    COMPARISONS,
    METHOD_MAX,
    N_,
    POINTS_MAX,
    POINTS_MIN,
    TITLE_MAX,
)

PAGE_SIZE = 25  # workshops per page of the staff list


@dataclass
class WorkshopForm:
    """The prepare form as typed; kept as text so a form with errors shows what was typed."""

    title: str = ""
    held_on: str = ""
    method: str = ""
    points: str = "10"
    campaigns: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    comparisons: list[str] = field(default_factory=lambda: ["area"])
    themes: list[str] = field(default_factory=list)
    boards: list[str] = field(default_factory=list)
    kind: str = "politicians"  # or "youth_council"; chosen when the workshop is made
    worksheets: list[str] = field(default_factory=list)
    dilemmas: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, w: Workshop) -> "WorkshopForm":
        return cls(title=w.title, held_on=w.held_on.isoformat() if w.held_on else "", method=w.method,
                   points=str(w.points), campaigns=[str(c) for c in w.campaign_ids], areas=list(w.areas),
                   comparisons=compare_keys(w), themes=list(w.themes),
                   boards=[str(b) for b in w.board_ids],
                   worksheets=[str(i) for i in toolbox.chosen(w, "worksheet")],
                   dilemmas=[str(i) for i in toolbox.chosen(w, "dilemma")])


def compare_keys(workshop: Workshop) -> list[str]:
    """The compass comparisons that this code knows."""
    return [c for c in workshop.comparisons if c in COMPARISONS]


def new_code() -> str:
    """A join code that cannot be guessed: 10 characters from 32, read aloud without mix-ups."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def org_campaigns(session: Session, user: User) -> list[Campaign]:
    stmt = select(Campaign).where(Campaign.organisation_id == user.organisation_id).order_by(
        col(Campaign.id).desc())
    return list(session.exec(stmt))


def org_boards(session: Session, user: User) -> list[Board]:
    stmt = select(Board).where(Board.organisation_id == user.organisation_id).order_by(col(Board.id).desc())
    return list(session.exec(stmt))


def area_choices(session: Session, campaigns: list[Campaign]) -> list[tuple[str, str, Campaign]]:
    """("<campaign id>:<area slug>", area name, campaign) for every area of the campaigns."""
    ids = [c.id for c in campaigns]
    by_id = {c.id: c for c in campaigns}
    rows = session.exec(select(Area).where(col(Area.campaign_id).in_(ids)).order_by(col(Area.id)))
    return [(f"{a.campaign_id}:{a.slug}", a.name, by_id[a.campaign_id]) for a in rows]


def theme_choices(campaigns: list[Campaign], lang: str) -> list[tuple[str, str]]:
    """(slug, name) of the themes of the campaigns' surveys, in the first survey's order."""
    out: dict[str, str] = {}
    for campaign in campaigns:
        survey = get_survey(campaign.survey_slug)
        for t in survey.themes if survey else []:
            out.setdefault(t.slug, t.name.get(lang) or t.name[survey.default_locale])  # type: ignore[union-attr]
    return list(out.items())


def validate(session: Session, user: User, form: WorkshopForm) -> tuple[dict[str, str], dict[str, dict]]:
    """Messages (msgids) per field, and their placeholders; empty when the form can be stored."""
    errors: dict[str, str] = {}
    args: dict[str, dict] = {}
    if form.kind not in ("politicians", "youth_council"):
        errors["kind"] = N_("Choose from the list.")
    if not form.title.strip():
        errors["title"] = N_("Please fill this in.")
    elif len(form.title) > TITLE_MAX:
        errors["title"] = N_("This is %(n)s characters long; at most %(max)s are allowed.")
        args["title"] = {"n": len(form.title), "max": TITLE_MAX}
    if form.held_on:
        try:
            date.fromisoformat(form.held_on)
        except ValueError:
            errors["held_on"] = N_("Write the date as YYYY-MM-DD, for example 2027-05-04.")
    if len(form.method) > METHOD_MAX:
        errors["method"] = N_("This is %(n)s characters long; at most %(max)s are allowed.")
        args["method"] = {"n": len(form.method), "max": METHOD_MAX}
    if not is_digits(form.points.strip()) or not POINTS_MIN <= int(form.points) <= POINTS_MAX:
        errors["points"] = N_("Give a whole number from %(min)s to %(max)s.")
        args["points"] = {"min": POINTS_MIN, "max": POINTS_MAX}
    own = {str(c.id): c for c in org_campaigns(session, user)}
    chosen = [own[c] for c in form.campaigns if c in own]
    if not chosen or len(chosen) != len(set(form.campaigns)):
        errors["campaigns"] = N_("Choose at least one campaign.")
    areas = {key for key, _n, _c in area_choices(session, chosen)}
    if not form.areas:
        errors["areas"] = N_("Choose at least one area.")
    elif not set(form.areas) <= areas:
        errors["areas"] = N_("Choose areas of the chosen campaigns.")
    if not set(form.comparisons) <= set(COMPARISONS):
        errors["comparisons"] = N_("Choose comparisons from the list.")
    themes = {slug for slug, _n in theme_choices(chosen, "nb")}
    if not form.themes:
        errors["themes"] = N_("Choose at least one theme to focus on.")
    elif not set(form.themes) <= themes:
        errors["themes"] = N_("Choose themes from the list.")
    boards = {str(b.id): b for b in org_boards(session, user)}
    if any(b not in boards or boards[b].campaign_id not in {c.id for c in chosen} for b in form.boards):
        errors["boards"] = N_("Choose idea boards of the chosen campaigns.")
    own_sheets = {str(w.id) for w in toolbox.worksheets(session, user.organisation_id)}
    if not set(form.worksheets) <= own_sheets:
        errors["worksheets"] = N_("Choose worksheets of your organisation from the list.")
    own_sessions = {str(d.id) for d in toolbox.dilemmas(session, user.organisation_id)}
    if not set(form.dilemmas) <= own_sessions:
        errors["dilemmas"] = N_("Choose finished dilemma sessions of your organisation from the list.")
    return errors, args


def _apply(workshop: Workshop, form: WorkshopForm) -> None:
    workshop.title = form.title.strip()
    workshop.held_on = date.fromisoformat(form.held_on) if form.held_on else None
    workshop.method = form.method.strip()
    workshop.points = int(form.points)
    workshop.campaign_ids = [int(c) for c in dict.fromkeys(form.campaigns)]
    workshop.areas = list(dict.fromkeys(form.areas))
    workshop.comparisons = [c for c in COMPARISONS if c in form.comparisons]
    workshop.toolbox = toolbox.keys("worksheet", form.worksheets) + toolbox.keys("dilemma", form.dilemmas)
    workshop.themes = list(dict.fromkeys(form.themes))
    workshop.board_ids = [int(b) for b in dict.fromkeys(form.boards)]
    # Quotes of themes no longer in focus go; ideas of boards no longer chosen go.
    workshop.quotes = [q for q in workshop.quotes if q.get("theme") in workshop.themes]


def create(session: Session, user: User, form: WorkshopForm) -> Workshop:
    """Store a validated workshop with a fresh join code (a clash, however unlikely, draws again)."""
    for _attempt in range(5):
        workshop = Workshop(organisation_id=user.organisation_id, title="", code=new_code(),
                            created_by=user.id)
        _apply(workshop, form)
        try:
            with savepoint(session):
                session.add(workshop)
                session.flush()
        except IntegrityError:
            continue
        if form.kind == "youth_council":
            youth.make_youth(session, workshop)
        return workshop
    raise RuntimeError("no free join code")  # pragma: no cover: 2^50 codes


def update(session: Session, workshop: Workshop, form: WorkshopForm) -> None:
    _apply(workshop, form)
    workshop.idea_ids = [i for i in workshop.idea_ids if i in {x.id for x in board_ideas(session, workshop)}]
    session.add(workshop)


def workshops_page(session: Session, user: User, number: int) -> Page[Workshop]:
    """One page of the organisation's workshops, newest first."""
    stmt = select(Workshop).where(Workshop.organisation_id == user.organisation_id,
                                  col(Workshop.archived_at).is_(None)).order_by(col(Workshop.id).desc())
    return paginate(stmt, session, number, PAGE_SIZE)


def campaigns_of(session: Session, workshop: Workshop) -> list[Campaign]:
    """The workshop's campaigns in the order chosen (only its own organisation's)."""
    if not workshop.campaign_ids:
        return []
    stmt = select(Campaign).where(col(Campaign.id).in_(workshop.campaign_ids),
                                  Campaign.organisation_id == workshop.organisation_id)
    found = {c.id: c for c in session.exec(stmt)}
    return [found[cid] for cid in workshop.campaign_ids if cid in found]


def areas_for(workshop: Workshop, campaign: Campaign) -> list[str]:
    """Slugs of the campaign's areas chosen for the workshop."""
    prefix = f"{campaign.id}:"
    return [a[len(prefix):] for a in workshop.areas if a.startswith(prefix)]


def boards_of(session: Session, workshop: Workshop) -> list[Board]:
    if not workshop.board_ids:
        return []
    stmt = select(Board).where(col(Board.id).in_(workshop.board_ids),
                               Board.organisation_id == workshop.organisation_id)
    found = {b.id: b for b in session.exec(stmt)}
    return [found[bid] for bid in workshop.board_ids if bid in found]


def board_ideas(session: Session, workshop: Workshop) -> list[Idea]:
    """The public (visible) ideas of the workshop's boards, oldest first."""
    ids = [b.id for b in boards_of(session, workshop)]
    if not ids:
        return []
    stmt = select(Idea).where(col(Idea.board_id).in_(ids), Idea.visibility == "visible").order_by(
        col(Idea.created_at), col(Idea.id))
    return list(session.exec(stmt))


def chosen_ideas(session: Session, workshop: Workshop) -> list[Idea]:
    """The ideas picked for the workshop; all the boards' visible ideas until some are picked."""
    ideas = board_ideas(session, workshop)
    if not workshop.idea_ids:
        return ideas
    picked = set(workshop.idea_ids)
    return [i for i in ideas if i.id in picked]


def set_ideas(session: Session, workshop: Workshop, idea_ids: list[str]) -> None:
    known = {i.id for i in board_ideas(session, workshop)}
    workshop.idea_ids = [i for i in dict.fromkeys(idea_ids) if i in known]
    session.add(workshop)


def set_quotes(session: Session, workshop: Workshop, picked: list[str], offered: list[dict]) -> None:
    """Keep the offered quotes whose keys were ticked; only approved, masked texts are ever offered."""
    chosen = set(picked)
    workshop.quotes = [q for q in offered if q["key"] in chosen]
    session.add(workshop)
