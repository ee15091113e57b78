"""Super-admin pages: every organisation, a new one with its first admin, a renamed one."""

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.admin import mail, organisations
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.web import superadmin
from app.common.paging import page_number
from app.db import ReadSession, WriteSession, read_only, unit_of_work
from app.i18n import STAFF_LANGUAGES, negotiate
from app.models import Organisation, User
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/admin/organisations", include_in_schema=False)
CSRF = [Depends(verify_csrf)]


def _page(
    request: Request,
    session: Session,
    user: User,
    form: dict | None = None,
    error: FormError | None = None,
    made: tuple[Organisation, str, str] | None = None,
    number: int = 1,
    mailed: str = "",
    mail_error: str | None = None,
) -> HTMLResponse:
    rows = organisations.listing(session, number)
    return form_page(
        request,
        "admin/organisations.html",
        {
            "user": user,
            "rows": rows.items,
            "page": rows,
            "page_url": lambda n: f"/staff/admin/organisations?page={n}",
            "made": made,
            "form": form or {"name": "", "slug": "", "username": "", "email": ""},
            "mail_on": mail.enabled(),
            "mailed": mailed,
            "mail_error": mail_error,
        },
        error,
    )


@router.get("", response_class=HTMLResponse)
def list_organisations(
    request: Request, session: ReadSession, page: str = "1", user: User = Depends(superadmin)
) -> HTMLResponse:
    """Every organisation with its users and campaigns, a page at a time, and the form for a new one."""
    return _page(request, session, user, number=page_number(page))


@router.post("", response_model=None, dependencies=CSRF)
def create_organisation(
    request: Request,
    name: str = Form(""),
    slug: str = Form(""),
    username: str = Form(""),
    email: str = Form(""),
    user: User = Depends(superadmin),
) -> Response:
    """Make an organisation and its first admin, and show the admin's one-time invitation link
    (e-mailed as well, after the commit, when SMTP is configured and an address is given)."""
    form = {"name": name, "slug": slug, "username": username, "email": email}
    address = mail.wanted(email)
    try:
        if address is None:
            raise FormError({"email": mail.BAD_ADDRESS})
        with unit_of_work() as session:  # its own, so the e-mail goes out after the commit
            org, link = organisations.create(session, user, name, slug, username)
    except FormError as error:
        with read_only() as session:
            return _page(request, session, user, form, error)
    admin = username.strip().lower()
    lang = negotiate(request, list(STAFF_LANGUAGES))
    mailed, problem = mail.deliver(address or "", admin, link, "invite", lang)
    with read_only() as session:
        return _page(request, session, user, made=(org, admin, link), mailed=mailed, mail_error=problem)


@router.post("/{org_id}/name", response_model=None, dependencies=CSRF)
def rename_organisation(
    request: Request,
    org_id: int,
    session: WriteSession,
    name: str = Form(""),
    user: User = Depends(superadmin),
) -> Response:
    """Change an organisation's name."""
    org = session.get(Organisation, org_id) if 0 < org_id < 2**31 else None
    if org is None:
        raise HTTPException(404, "Page not found")
    try:
        organisations.rename(session, user, org, name)
    except FormError as error:
        return _page(request, session, user, error=error)
    return see_other("/staff/admin/organisations")
