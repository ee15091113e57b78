"""Admin pages: the organisation's API tokens, listed one page at a time, made and revoked."""

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from app.admin.forms import N_, FormError
from app.admin.web import form_page, see_other
from app.auth.service import MAX_TOKEN_DAYS, AuthError, create_token, revoke_token, token_state, tokens_query
from app.auth.web import require
from app.common.paging import page_number, paginate
from app.common.text import is_digits
from app.config import get_settings
from app.db import ReadSession, WriteSession
from app.models import User
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/admin/tokens", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
DONE = ("revoked",)


def _page(request: Request, session: Session, admin: User, page: str = "1", done: str | None = None,
          form: dict | None = None, error: FormError | None = None, made: str | None = None) -> HTMLResponse:
    rows = paginate(tokens_query(admin.organisation_id), session, page_number(page))
    people = session.exec(select(User.username).where(
        User.organisation_id == admin.organisation_id, User.is_active).order_by(User.username)).all()  # type: ignore[arg-type]
    return form_page(request, "admin/tokens.html", {
        "user": admin, "tokens": [(t, u, token_state(t)) for t, u in rows.items], "page": rows,
        "page_url": lambda n: f"/staff/admin/tokens?page={n}", "done": done, "made": made,
        "people": [(name, name) for name in people], "max_days": MAX_TOKEN_DAYS,
        "form": form or {"username": admin.username, "name": "", "days": str(get_settings().token_days)},
    }, error)


@router.get("", response_class=HTMLResponse)
def list_tokens(request: Request, session: ReadSession, page: str = "1", done: str | None = None,
                admin: User = Depends(require("tokens.manage"))) -> HTMLResponse:
    """Every token of the organisation's staff: name, user, made, expires, state."""
    return _page(request, session, admin, page, done if done in DONE else None)


@router.post("", response_model=None, dependencies=CSRF)
def make_token(request: Request, session: WriteSession, username: str = Form(""), name: str = Form(""),
               days: str = Form(""), admin: User = Depends(require("tokens.manage"))) -> Response:
    """Make a token for a user of the organisation and show it once (only its hash is stored)."""
    form = {"username": username, "name": name, "days": days}
    errors = {}
    target = session.exec(select(User).where(User.username == username)).first()
    if target is None or target.organisation_id != admin.organisation_id or not target.is_active:
        errors["username"] = N_("Choose an active user of your municipality.")
    if not name.strip() or len(name.strip()) > 100:
        errors["name"] = N_("Name the token after what uses it (at most 100 characters).")
    if not (is_digits(days) and 1 <= int(days) <= MAX_TOKEN_DAYS):
        errors["days"] = N_("Write a whole number of days from 1 to 366.")
    if errors:
        return _page(request, session, admin, form=form, error=FormError(errors))
    try:
        token = create_token(session, username, name, int(days))
    except AuthError:  # deactivated meanwhile
        return _page(request, session, admin, form=form, error=FormError(
            {"username": N_("Choose an active user of your municipality.")}))
    return _page(request, session, admin, made=token)


@router.post("/{token_id}/revoke", dependencies=CSRF)
def revoke(token_id: int, session: WriteSession, admin: User = Depends(require("tokens.manage"))) -> Response:
    """Revoke one token at once; a revoked token answers 401 from then on."""
    if not 0 < token_id < 2**31 or revoke_token(session, admin.organisation_id, token_id) is None:
        raise HTTPException(404, "Page not found")
    return see_other("/staff/admin/tokens?done=revoked")
