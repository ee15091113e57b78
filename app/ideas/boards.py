"""Boards: open one for a campaign and area (optionally from the results), look up and configure."""

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.common.paging import Page, paginate
from app.common.text import MAX_ID, ascii_int, is_digits
from app.db import savepoint
from app.ideas.participants import new_room_code
from app.ideas.schemas import Gettext
from app.ideas.vocab import TEXT_MAX, TITLE_MAX
from app.models import Area, Campaign, User
from app.models.ideas import Board, Challenge
from app.surveys.definitions import get_survey

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
OPENING_CHALLENGES = 3
STARTING_COMMENTS = 3


class SlugTaken(Exception):
    """Another board took this address between the form's check and the insert."""


def find_board(session: Session, slug: str) -> Board | None:
    """The board with this slug, or None."""
    return session.exec(select(Board).where(Board.slug == slug)).first()


def boards_page(session: Session, organisation_id: int, number: int, size: int) -> Page[Board]:
    """A page of an organisation's boards, newest first (archived ones are on the archive page)."""
    stmt = (select(Board).where(Board.organisation_id == organisation_id, col(Board.archived_at).is_(None))
            .order_by(col(Board.id).desc()))
    return paginate(stmt, session, number, size)


def campaign_of(session: Session, board: Board) -> Campaign:
    campaign = session.get(Campaign, board.campaign_id)
    assert campaign is not None  # the foreign key guarantees it
    return campaign


def area_of(session: Session, board: Board) -> Area | None:
    return session.get(Area, board.area_id) if board.area_id else None


def theme_names(campaign: Campaign, lang: str) -> dict[str, str]:
    """Theme slug -> name in the reader's language, in the survey's order."""
    survey = get_survey(campaign.survey_slug)
    if survey is None:
        return {}
    return {t.slug: t.name.get(lang) or t.name[survey.default_locale] for t in survey.themes}


def scale_max(campaign: Campaign) -> int | None:
    """The top of the campaign's scale, which a challenge's average is out of."""
    survey = get_survey(campaign.survey_slug)
    return survey.scale.max if survey else None


def challenges_of(session: Session, board: Board) -> list[Challenge]:
    stmt = select(Challenge).where(Challenge.board_id == board.id).order_by(col(Challenge.position))
    return list(session.exec(stmt))


def validate_new(session: Session, user: User, data: dict[str, str], _: Gettext) -> dict[str, str]:
    """Messages per field for the new-board form."""
    errors: dict[str, str] = {}
    if not SLUG.match(data["slug"]):
        errors["slug"] = _("Use 2 to 63 lowercase letters, digits and hyphens.")
    elif session.exec(select(Board).where(Board.slug == data["slug"])).first() is not None:
        errors["slug"] = _("This address is taken.")
    if not data["title"]:
        errors["title"] = _("Please fill this in.")
    elif len(data["title"]) > TITLE_MAX:
        errors["title"] = _("This is %(n)s characters long; at most %(max)s are allowed.") % {
            "n": len(data["title"]),
            "max": TITLE_MAX,
        }
    if len(data["intro"]) > TEXT_MAX:
        errors["intro"] = _("This is %(n)s characters long; at most %(max)s are allowed.") % {
            "n": len(data["intro"]),
            "max": TEXT_MAX,
        }
    number = ascii_int(data["campaign"], maximum=MAX_ID) if is_digits(data["campaign"]) else None
    campaign = session.get(Campaign, number) if number is not None else None
    if campaign is None or campaign.organisation_id != user.organisation_id:
        errors["campaign"] = _("Choose a campaign.")
    elif data["area"] and not _area(session, campaign, data["area"]):
        errors["area"] = _("Choose an area of this campaign.")
    if data["moderation"] not in ("pre", "post"):
        errors["moderation"] = _("Choose how ideas are moderated.")
    return errors


def _area(session: Session, campaign: Campaign, slug: str) -> Area | None:
    return session.exec(select(Area).where(Area.campaign_id == campaign.id, Area.slug == slug)).first()


def create_board(session: Session, user: User, data: dict[str, str], from_results: bool) -> Board:
    """Store a validated board; from the results, the lowest-scoring themes become its challenges.

    Raises SlugTaken when another board took the address since the form was checked."""
    campaign = session.get(Campaign, int(data["campaign"]))
    assert campaign is not None
    area = _area(session, campaign, data["area"]) if data["area"] else None
    board = Board(
        slug=data["slug"],
        campaign_id=campaign.id,  # type: ignore[arg-type]
        area_id=area.id if area else None,
        organisation_id=user.organisation_id,
        title=data["title"],
        intro=data["intro"],
        moderation=data["moderation"],
        room_code=new_room_code() if data.get("room") else None,
        created_by=user.id,
    )
    try:
        with savepoint(session):
            session.add(board)
            session.flush()
    except IntegrityError:
        raise SlugTaken(data["slug"]) from None
    if from_results:
        session.add_all(opening_challenges(session, campaign, board, area.slug if area else None))
        session.flush()
    return board


def opening_challenges(
    session: Session, campaign: Campaign, board: Board, area_slug: str | None
) -> list[Challenge]:
    """The lowest-scoring themes, each with a few approved "could be better" comments."""
    from app.results import disclosure, summary  # the results domain owns all aggregation
    from app.results import service as results

    disclosure.cut(session, campaign)  # a board is public: it shows released figures only
    scored = [
        t
        for t in summary.public_summary(session, campaign, area=area_slug).themes
        if not t.hidden and t.mean is not None
    ]
    scored.sort(key=lambda t: (t.mean, t.theme))
    return [
        Challenge(
            board_id=board.id,  # type: ignore[arg-type]
            position=position,
            theme=t.theme,
            mean=round(t.mean, 2),  # type: ignore[arg-type]
            answers=t.n,
            comments=results.approved_comments(
                session, campaign, t.theme, "better", area_slug=area_slug, limit=STARTING_COMMENTS
            ),
        )
        for position, t in enumerate(scored[:OPENING_CHALLENGES])
    ]


def update_settings(session: Session, board: Board, moderation: str, room: str, is_open: bool) -> None:
    """Change moderation, the room code (keep, new or none) and whether the board takes posts."""
    if moderation in ("pre", "post"):
        board.moderation = moderation
    if room == "new":
        board.room_code = new_room_code()
    elif room == "none":
        board.room_code = None
    board.is_open = is_open
    session.add(board)
