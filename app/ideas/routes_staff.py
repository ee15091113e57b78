"""Staff pages for boards: open one (from the results), moderate, answer with a status, export."""

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.auth.web import require, same_organisation
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.ideas import boards, bursts, export, reading, schemas, service
from app.ideas.vocab import ACTORS, EVENT_KINDS, MODERATION, PROPOSERS, STATUSES, TEXT_MAX, text_direction
from app.ideas.web import board_or_404, form_data
from app.models import Area, Campaign, User
from app.models.ideas import Board, IdeaComment
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = Router(include_in_schema=False)
BOARDS_PAGE = 50  # boards per page of the list
IDEAS_PAGE = 20  # ideas per page of a board's moderation view (each carries two forms)


def _scopes(session: Session, user: User) -> list[tuple[str, str]]:
    """(value, label) for every campaign of the organisation and each of its areas (two queries)."""
    campaigns = session.exec(
        select(Campaign).where(Campaign.organisation_id == user.organisation_id).order_by(Campaign.title)
    ).all()
    areas = session.exec(
        select(Area).where(col(Area.campaign_id).in_([c.id for c in campaigns])).order_by(col(Area.id))
    ).all() if campaigns else []
    found = []
    for c in campaigns:
        found.append((f"{c.id}", c.title))
        found += [(f"{c.id}:{a.slug}", f"{c.title}: {a.name}") for a in areas if a.campaign_id == c.id]
    return found


def _list(
    request: Request, session: Session, user: User, data: dict, errors: dict,
    status: int = 200, number: int = 1,
) -> HTMLResponse:
    page = boards.boards_page(session, user.organisation_id, number, BOARDS_PAGE)
    return render(
        request,
        "ideas/staff_boards.html",
        status_code=status,
        context={
            "user": user,
            "boards": page.items,
            "page": page,
            "page_url": lambda n: f"/staff/boards?page={n}",
            "scopes": _scopes(session, user),
            "data": data,
            "errors": errors,
            "moderation": MODERATION,
        },
    )


@router.get("/staff/boards", response_class=HTMLResponse)
def board_list(
    request: Request, session: ReadSession, page: str = "1", user: User = Depends(require("boards.manage"))
) -> HTMLResponse:
    """A page of the organisation's boards and the form to open one."""
    data = {
        "slug": "",
        "title": "",
        "intro": "",
        "scope": "",
        "moderation": "post",
        "room": "",
        "from_results": "1",
    }
    return _list(request, session, user, data, {}, number=page_number(page))


@router.post("/staff/boards", response_model=None, dependencies=[Depends(verify_csrf)])
def open_board(
    request: Request,
    session: WriteSession,
    form: FormData = Depends(form_data),
    user: User = Depends(require("boards.manage")),
) -> Response:
    """Open a board; from the results, its opening challenges are the lowest-scoring themes."""
    data = {
        k: str(form.get(k, "")).strip()
        for k in ("slug", "title", "intro", "scope", "moderation", "room", "from_results")
    }
    campaign, _sep, area = data["scope"].partition(":")
    fields = dict(data, campaign=campaign, area=area)
    _ = gettext_for(negotiate(request))
    errors = boards.validate_new(session, user, fields, _)
    if "campaign" in errors or "area" in errors:
        errors["scope"] = errors.pop("campaign", "") or errors.pop("area", "")
    if not errors:
        try:
            board = boards.create_board(session, user, fields, from_results=data["from_results"] == "1")
        except boards.SlugTaken:  # taken by another request since validate_new looked
            errors = {"slug": _("This address is taken.")}
        else:
            return RedirectResponse(f"/staff/boards/{board.slug}", status_code=303)
    return _list(request, session, user, data, errors, status=400)


def _board(session: Session, slug: str, user: User) -> Board:
    board = board_or_404(session, slug)
    same_organisation(user, board.organisation_id)
    return board


def _back(slug: str, number: int, anchor: str) -> RedirectResponse:
    """Back to the page of the moderation view the form was on."""
    query = f"?page={number}" if number > 1 else ""
    return RedirectResponse(f"/staff/boards/{slug}{query}#{anchor}", status_code=303)


def _manage(
    request: Request,
    session: Session,
    user: User,
    board: Board,
    number: int = 1,
    errors: dict | None = None,
    status: int = 200,
) -> HTMLResponse:
    campaign = boards.campaign_of(session, board)
    page = reading.ideas_page(session, board, number, IDEAS_PAGE, everything=True)
    return render(
        request,
        "ideas/staff_board.html",
        status_code=status,
        context={
            "user": user,
            "board": board,
            "campaign": campaign,
            "area": boards.area_of(session, board),
            "challenges": boards.challenges_of(session, board),
            "views": reading.views(session, page.items, everything=True, flags=True),
            "page": page,
            "page_url": lambda n: f"/staff/boards/{board.slug}?page={n}#ideas",
            "themes": boards.theme_names(campaign, negotiate(request)),
            "scale_max": boards.scale_max(campaign),
            "bursts": bursts.bursts(session, board),
            "errors": errors or {},
            "statuses": STATUSES,
            "actors": ACTORS,
            "proposers": PROPOSERS,
            "moderation": MODERATION,
            "event_kinds": EVENT_KINDS,
            "rtl": text_direction,
            "demo": campaign.is_demo,
        },
    )


@router.get("/staff/boards/{slug}", response_class=HTMLResponse)
def manage_board(
    slug: str,
    request: Request,
    session: ReadSession,
    page: str = "1",
    user: User = Depends(require("ideas.moderate")),
) -> HTMLResponse:
    """Everything on a board for staff: bursts, then a page of ideas with what waits, what is
    flagged, statuses, comments; and the exports."""
    return _manage(request, session, user, _board(session, slug, user), page_number(page))


@router.post("/staff/boards/{slug}/settings", dependencies=[Depends(verify_csrf)])
def board_settings(
    slug: str,
    session: WriteSession,
    form: FormData = Depends(form_data),
    user: User = Depends(require("boards.manage")),
) -> RedirectResponse:
    """Moderation mode, room code and open/closed."""
    board = _board(session, slug, user)
    boards.update_settings(
        session,
        board,
        str(form.get("moderation", "")),
        str(form.get("room", "keep")),
        form.get("is_open") == "1",
    )
    return RedirectResponse(f"/staff/boards/{slug}", status_code=303)


@router.post(
    "/staff/boards/{slug}/ideas/{idea_id}/moderate", response_model=None, dependencies=[Depends(verify_csrf)]
)
def moderate_idea(
    slug: str,
    idea_id: str,
    request: Request,
    session: WriteSession,
    page: str = "1",
    form: FormData = Depends(form_data),
    user: User = Depends(require("ideas.moderate")),
) -> Response:
    """Approve, hide with a reason, or show again."""
    board = _board(session, slug, user)
    idea = service.get_idea(session, board, idea_id)
    if idea is None:
        raise HTTPException(404, "Page not found")
    action = str(form.get("action", ""))
    _ = gettext_for(negotiate(request))
    reason, error = schemas.reason_text(form, _, required=action == "hide")
    if action not in ("hide", "approve"):
        error = _("Unknown action.")
    number = page_number(page)
    if error:
        return _manage(request, session, user, board, number, {f"hide-{idea.id}": error}, status=400)
    service.moderate(session, idea, action, reason, user.id)  # type: ignore[arg-type]
    return _back(slug, number, f"idea-{idea.id}")


@router.post(
    "/staff/boards/{slug}/ideas/{idea_id}/status", response_model=None, dependencies=[Depends(verify_csrf)]
)
def idea_status(
    slug: str,
    idea_id: str,
    request: Request,
    session: WriteSession,
    page: str = "1",
    form: FormData = Depends(form_data),
    user: User = Depends(require("ideas.moderate")),
) -> Response:
    """A new status with the official answer and the responsible actor."""
    board = _board(session, slug, user)
    idea = service.get_idea(session, board, idea_id)
    if idea is None:
        raise HTTPException(404, "Page not found")
    _ = gettext_for(negotiate(request))
    status, actor = str(form.get("status", "")), str(form.get("actor", ""))
    answer = str(form.get("answer", "")).replace("\r\n", "\n").strip()
    actor_name = str(form.get("actor_name", "")).strip()
    error = None
    if status not in STATUSES or (actor and actor not in ACTORS):
        error = _("Choose a status and a responsible actor from the lists.")
    elif len(answer) > TEXT_MAX or len(actor_name) > 200:
        error = _("The answer or the name is too long.")
    number = page_number(page)
    if error:
        return _manage(request, session, user, board, number, {f"status-{idea.id}": error}, status=400)
    service.set_status(session, idea, status, answer, actor, actor_name, user.id)  # type: ignore[arg-type]
    return _back(slug, number, f"idea-{idea.id}")


@router.post(
    "/staff/boards/{slug}/comments/{comment_id}/moderate",
    response_model=None,
    dependencies=[Depends(verify_csrf)],
)
def moderate_comment(
    slug: str,
    comment_id: str,
    request: Request,
    session: WriteSession,
    page: str = "1",
    form: FormData = Depends(form_data),
    user: User = Depends(require("ideas.moderate")),
) -> Response:
    """Approve or hide a comment."""
    board = _board(session, slug, user)
    comment = session.get(IdeaComment, comment_id)
    idea = service.get_idea(session, board, comment.idea_id) if comment else None
    if comment is None or idea is None:
        raise HTTPException(404, "Page not found")
    action = str(form.get("action", ""))
    _ = gettext_for(negotiate(request))
    reason, error = schemas.reason_text(form, _, required=action == "hide")
    if action not in ("hide", "approve"):
        error = _("Unknown action.")
    number = page_number(page)
    if error:
        return _manage(request, session, user, board, number, {f"comment-{comment.id}": error}, status=400)
    service.moderate_comment(session, comment, action, reason)
    return _back(slug, number, f"idea-{idea.id}")


@router.get("/staff/boards/{slug}/export.csv")
def export_csv(slug: str, session: ReadSession, user: User = Depends(require("results.export"))) -> Response:
    """Every idea with supports, comments, statuses and actors, as CSV."""
    board = _board(session, slug, user)
    return Response(
        export.to_csv(session, board),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bylab-{board.slug}.csv"'},
    )


@router.get("/staff/boards/{slug}/export.xlsx")
def export_xlsx(slug: str, session: ReadSession, user: User = Depends(require("results.export"))) -> Response:
    """The same as XLSX, with comments and history on their own sheets."""
    board = _board(session, slug, user)
    return Response(
        export.to_xlsx(session, board),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="bylab-{board.slug}.xlsx"'},
    )
