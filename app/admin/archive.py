"""Archive, restore, copy and delete campaigns, boards and workshops; every step is audited.

Archiving moves a thing out of the working lists and keeps it whole (its public pages stay as
they were: a closed campaign's results stay public); restoring brings it back. A copy is a
template: the structure without anything residents said. Deleting leaves no trace
(app/admin/lifecycle.py) and needs a typed confirmation on its page.
"""

import re
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from app.admin import audit
from app.admin.forms import N_, FormError
from app.admin.lifecycle import _delete_tree, delete_campaign
from app.common.paging import Page, paginate
from app.db import savepoint
from app.models import Area, Board, Campaign, User, Workshop, WorkshopFigure
from app.models.common import utcnow
from app.workshops.service import new_code

SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]{1,63}$")
Archivable = Campaign | Board | Workshop
LISTS = ("campaigns", "boards", "workshops")


def _kind(item: Archivable) -> str:
    return {Campaign: "campaign", Board: "board", Workshop: "workshop"}[type(item)]


def _name(item: Archivable) -> str:
    return (
        f"{item.title} ({item.slug})" if isinstance(item, Campaign | Board) else f"{item.title} (#{item.id})"
    )


def archive(session: Session, user: User, item: Archivable) -> None:
    """Move out of the working lists; an open campaign must be closed first (it still takes answers)."""
    if isinstance(item, Campaign) and item.status == "open":
        raise FormError({"archive": N_("Close the campaign before archiving it: it still takes answers.")})
    if item.archived_at is None:
        item.archived_at = utcnow()
        session.add(item)
        audit.record(session, user, f"{_kind(item)}.archive", _name(item))


def restore(session: Session, user: User, item: Archivable) -> None:
    """Bring an archived item back into the working lists."""
    if item.archived_at is not None:
        item.archived_at = None
        session.add(item)
        audit.record(session, user, f"{_kind(item)}.restore", _name(item))


def archived(
    session: Session, organisation_id: int, pages: dict[str, int] | None = None
) -> dict[str, Page[Any]]:
    """The organisation's archived campaigns, boards and workshops, newest archived first: one page
    of each (`pages` names each list's page number), one query a list however long it grows."""
    pages = pages or {}
    found: dict[str, Page[Any]] = {}
    for kind, model in (("campaigns", Campaign), ("boards", Board), ("workshops", Workshop)):
        query = (
            select(model)
            .where(
                model.organisation_id == organisation_id,  # type: ignore[attr-defined]
                col(model.archived_at).is_not(None),
            )
            .order_by(col(model.archived_at).desc(), col(model.id).desc())
        )
        found[kind] = paginate(query, session, pages.get(kind, 1))
    return found


def copy_campaign(session: Session, user: User, source: Campaign, slug: str, title: str) -> Campaign:
    """A new draft with the same survey, areas, languages and settings, and no answers."""
    slug, title = slug.strip().lower(), title.strip()
    errors = {}
    if not SLUG.match(slug):
        errors["slug"] = N_("Use 2 to 64 lower-case letters, digits or dashes.")
    elif session.exec(
        select(Campaign).where(Campaign.organisation_id == source.organisation_id, Campaign.slug == slug)
    ).first():
        errors["slug"] = N_("Another campaign has this web address.")
    if not 1 <= len(title) <= 200:
        errors["title"] = N_("Write a title (at most 200 characters).")
    if errors:
        raise FormError(errors)
    copy = Campaign(
        slug=slug,
        title=title,
        survey_slug=source.survey_slug,
        survey_version=source.survey_version,
        status="draft",
        organisation_id=source.organisation_id,
        results_public=source.results_public,
        min_group_size=source.min_group_size,
        locales=list(source.locales),
        settings=dict(source.settings),
        previous_campaign_id=None,
    )
    try:
        with savepoint(session):  # another tab may take the address between the check and here
            session.add(copy)
            session.flush()
    except IntegrityError:
        raise FormError({"slug": N_("Another campaign has this web address.")}) from None
    for area in session.exec(select(Area).where(Area.campaign_id == source.id).order_by(col(Area.id))).all():
        session.add(Area(campaign_id=copy.id, slug=area.slug, name=area.name))  # type: ignore[arg-type]
    session.flush()
    audit.record(session, user, "campaign.copy", f"{copy.title} ({copy.slug})", f"from {source.slug}")
    return copy


def copy_workshop(session: Session, user: User, source: Workshop, title: str) -> Workshop:
    """A new workshop with the same method, points, campaigns, themes and figures; no votes,
    ideas, quotes or outcome, and a fresh join code."""
    title = title.strip()
    if not 1 <= len(title) <= 200:
        raise FormError({"title": N_("Write a title (at most 200 characters).")})
    for _ in range(5):
        copy = Workshop(
            organisation_id=source.organisation_id,
            title=title,
            code=new_code(),
            method=source.method,
            points=source.points,
            campaign_ids=list(source.campaign_ids),
            areas=list(source.areas),
            comparisons=list(source.comparisons),
            toolbox=list(source.toolbox),
            themes=list(source.themes),
            board_ids=list(source.board_ids),
            created_by=user.id,
        )
        try:
            with savepoint(session):
                session.add(copy)
                session.flush()
            break
        except IntegrityError:  # pragma: no cover: a join code clash among 2^50
            continue
    for figure in session.exec(select(WorkshopFigure).where(WorkshopFigure.workshop_id == source.id)).all():
        session.add(
            WorkshopFigure(
                workshop_id=copy.id,  # type: ignore[arg-type]
                label=figure.label,
                area=figure.area,
                value=figure.value,
                source=figure.source,
                position=figure.position,
            )
        )
    session.flush()
    audit.record(session, user, "workshop.copy", f"{copy.title} (#{copy.id})", f"from #{source.id}")
    return copy


def delete(session: Session, user: User, item: Archivable) -> None:
    """Delete for good, with everything that belongs to it."""
    name, kind = _name(item), _kind(item)
    if isinstance(item, Campaign):
        delete_campaign(session, item)
    else:
        if isinstance(item, Board):
            _forget_board(session, item)
        table: Any = SQLModel.metadata.tables[kind]
        _delete_tree(session.connection(), table, table.c.id == item.id)
        session.expunge(item)
        session.expire_all()
    audit.record(session, user, f"{kind}.delete", name)


def _forget_board(session: Session, board: Board) -> None:
    """Take a board and its ideas out of the workshops that chose them."""
    idea: Any = SQLModel.metadata.tables["idea"]
    ideas = {i for (i,) in session.connection().execute(select(idea.c.id).where(idea.c.board_id == board.id))}
    for workshop in session.exec(
        select(Workshop).where(Workshop.organisation_id == board.organisation_id)
    ).all():
        kept = [b for b in workshop.board_ids if b != board.id]
        kept_ideas = [i for i in workshop.idea_ids if i not in ideas]
        if kept != workshop.board_ids or kept_ideas != workshop.idea_ids:
            workshop.board_ids, workshop.idea_ids = kept, kept_ideas
            session.add(workshop)
    session.flush()


def rename_board(session: Session, user: User, board: Board, title: str) -> None:
    """Change a board's title (staff text, so the old one is logged)."""
    title = title.strip()
    if not 1 <= len(title) <= 200:
        raise FormError({"title": N_("Write a title (at most 200 characters).")})
    if title != board.title:
        audit.record(session, user, "board.rename", f"{title} ({board.slug})", f"was: {board.title}")
        board.title = title
        session.add(board)
