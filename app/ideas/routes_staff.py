"""Staff pages for boards: open one (from the results), moderate, answer with a status, export."""

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from app.auth.web import require, same_organisation
from app.campaigns.service import areas_of
from app.db import get_session
from app.i18n import negotiate
from app.ideas import boards, bursts, export, schemas, service
from app.ideas.vocab import ACTORS, EVENT_KINDS, MODERATION, PROPOSERS, STATUSES, TEXT_MAX, text_direction
from app.models import Campaign, User
from app.models.ideas import Board, IdeaComment
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)


def _scopes(session: Session, user: User) -> list[tuple[str, str]]:
    """(value, label) for every campaign of the organisation and each of its areas."""
    campaigns = session.exec(
        select(Campaign).where(Campaign.organisation_id == user.organisation_id).order_by(Campaign.title)
    ).all()
    found = []
    for c in campaigns:
        found.append((f"{c.id}", c.title))
        found += [(f"{c.id}:{a.slug}", f"{c.title}: {a.name}") for a in areas_of(session, c)]
    return found


def _list(
    request: Request, session: Session, user: User, data: dict, errors: dict, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "ideas/staff_boards.html",
        status_code=status,
        context={
            "user": user,
            "boards": boards.boards_of(session, user.organisation_id),
            "scopes": _scopes(session, user),
            "data": data,
            "errors": errors,
            "moderation": MODERATION,
        },
    )


@router.get("/staff/boards", response_class=HTMLResponse)
def board_list(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require("boards.manage"))
) -> HTMLResponse:
    """The organisation's boards and the form to open one."""
    data = {
        "slug": "",
        "title": "",
        "intro": "",
        "scope": "",
        "moderation": "post",
        "room": "",
        "from_results": "1",
    }
    return _list(request, session, user, data, {})


@router.post("/staff/boards", response_model=None, dependencies=[Depends(verify_csrf)])
async def open_board(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require("boards.manage"))
) -> Response:
    """Open a board; from the results, its opening challenges are the lowest-scoring themes."""
    form = await request.form()
    data = {
        k: str(form.get(k, "")).strip()
        for k in ("slug", "title", "intro", "scope", "moderation", "room", "from_results")
    }
    campaign, _sep, area = data["scope"].partition(":")
    fields = dict(data, campaign=campaign, area=area)
    errors = boards.validate_new(session, user, fields, gettext_for(negotiate(request)))
    if "campaign" in errors or "area" in errors:
        errors["scope"] = errors.pop("campaign", "") or errors.pop("area", "")
    if errors:
        return _list(request, session, user, data, errors, status=400)
    board = boards.create_board(session, user, fields, from_results=data["from_results"] == "1")
    return RedirectResponse(f"/staff/boards/{board.slug}", status_code=303)


def _board(session: Session, slug: str, user: User) -> Board:
    board = boards.get_board(session, slug)
    same_organisation(user, board.organisation_id)
    return board


def _manage(
    request: Request,
    session: Session,
    user: User,
    board: Board,
    errors: dict | None = None,
    status: int = 200,
) -> HTMLResponse:
    campaign = boards.campaign_of(session, board)
    views = [
        service.view(session, i, everything=True) for i in service.ideas_of(session, board, everything=True)
    ]
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
            "views": views,
            "themes": boards.theme_names(campaign, negotiate(request)),
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
    session: Session = Depends(get_session),
    user: User = Depends(require("ideas.moderate")),
) -> HTMLResponse:
    """Everything on a board for staff: what waits, what is flagged, bursts, statuses, exports."""
    return _manage(request, session, user, _board(session, slug, user))


@router.post("/staff/boards/{slug}/settings", dependencies=[Depends(verify_csrf)])
async def board_settings(
    slug: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require("boards.manage")),
) -> RedirectResponse:
    """Moderation mode, room code and open/closed."""
    board = _board(session, slug, user)
    form = await request.form()
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
async def moderate_idea(
    slug: str,
    idea_id: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require("ideas.moderate")),
) -> Response:
    """Approve, hide with a reason, or show again."""
    board = _board(session, slug, user)
    idea = service.get_idea(session, board, idea_id)
    if idea is None:
        raise HTTPException(404, "Page not found")
    form = await request.form()
    action = str(form.get("action", ""))
    _ = gettext_for(negotiate(request))
    reason, error = schemas.reason_text(form, _, required=action == "hide")
    if action not in ("hide", "approve"):
        error = _("Unknown action.")
    if error:
        return _manage(request, session, user, board, {f"hide-{idea.id}": error}, status=400)
    service.moderate(session, idea, action, reason, user.id)  # type: ignore[arg-type]
    return RedirectResponse(f"/staff/boards/{slug}#idea-{idea.id}", status_code=303)


@router.post(
    "/staff/boards/{slug}/ideas/{idea_id}/status", response_model=None, dependencies=[Depends(verify_csrf)]
)
async def idea_status(
    slug: str,
    idea_id: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require("ideas.moderate")),
) -> Response:
    """A new status with the official answer and the responsible actor."""
    board = _board(session, slug, user)
    idea = service.get_idea(session, board, idea_id)
    if idea is None:
        raise HTTPException(404, "Page not found")
    form = await request.form()
    _ = gettext_for(negotiate(request))
    status, actor = str(form.get("status", "")), str(form.get("actor", ""))
    answer = str(form.get("answer", "")).replace("\r\n", "\n").strip()
    actor_name = str(form.get("actor_name", "")).strip()
    error = None
    if status not in STATUSES or (actor and actor not in ACTORS):
        error = _("Choose a status and a responsible actor from the lists.")
    elif len(answer) > TEXT_MAX or len(actor_name) > 200:
        error = _("The answer or the name is too long.")
    if error:
        return _manage(request, session, user, board, {f"status-{idea.id}": error}, status=400)
    service.set_status(session, idea, status, answer, actor, actor_name, user.id)  # type: ignore[arg-type]
    return RedirectResponse(f"/staff/boards/{slug}#idea-{idea.id}", status_code=303)


@router.post(
    "/staff/boards/{slug}/comments/{comment_id}/moderate",
    response_model=None,
    dependencies=[Depends(verify_csrf)],
)
async def moderate_comment(
    slug: str,
    comment_id: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require("ideas.moderate")),
) -> Response:
    """Approve or hide a comment."""
    board = _board(session, slug, user)
    comment = session.get(IdeaComment, comment_id)
    idea = service.get_idea(session, board, comment.idea_id) if comment else None
    if comment is None or idea is None:
        raise HTTPException(404, "Page not found")
    form = await request.form()
    action = str(form.get("action", ""))
    _ = gettext_for(negotiate(request))
    reason, error = schemas.reason_text(form, _, required=action == "hide")
    if action not in ("hide", "approve"):
        error = _("Unknown action.")
    if error:
        return _manage(request, session, user, board, {f"comment-{comment.id}": error}, status=400)
    service.moderate_comment(session, comment, action, reason)
    return RedirectResponse(f"/staff/boards/{slug}#idea-{idea.id}", status_code=303)


@router.get("/staff/boards/{slug}/export.csv")
def export_csv(
    slug: str, session: Session = Depends(get_session), user: User = Depends(require("results.export"))
) -> Response:
    """Every idea with supports, comments, statuses and actors, as CSV."""
    board = _board(session, slug, user)
    return Response(
        export.to_csv(session, board),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bylab-{board.slug}.csv"'},
    )


@router.get("/staff/boards/{slug}/export.xlsx")
def export_xlsx(
    slug: str, session: Session = Depends(get_session), user: User = Depends(require("results.export"))
) -> Response:
    """The same as XLSX, with comments and history on their own sheets."""
    board = _board(session, slug, user)
    return Response(
        export.to_xlsx(session, board),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="bylab-{board.slug}.xlsx"'},
    )
