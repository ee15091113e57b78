"""The branding page (an admin sets the organisation's display name, logo and colour) and the logo itself."""

from fastapi import Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from app.admin import branding
from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.db import ReadSession, WriteSession
from app.models import Organisation, User
from app.models.branding import OrganisationBrand
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(include_in_schema=False)
MANAGE = require("organisation.brand")
# The served logo is a PNG we wrote ourselves; a sandboxing CSP (beside the app's nosniff) keeps it inert.
LOGO_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": 'inline; filename="logo.png"',
}


def _page(request: Request, session: Session, admin: User, form: dict | None = None,
          error: FormError | None = None, done: bool = False) -> HTMLResponse:
    brand = branding.brand_of(session, admin.organisation_id)
    row = session.get(OrganisationBrand, admin.organisation_id)
    return form_page(
        request,
        "admin/branding.html",
        {
            "user": admin,
            "brand": brand,
            "form": form or {"display_name": row.display_name if row else "",
                             "accent": row.accent if row else ""},
            "done": done,
        },
        error,
    )


@router.get("/staff/admin/branding", response_class=HTMLResponse)
def branding_form(request: Request, session: ReadSession, done: str | None = None,
                  admin: User = Depends(MANAGE)) -> HTMLResponse:
    """The organisation's display name, logo and accent colour, with a preview."""
    return _page(request, session, admin, done=done == "saved")


@router.post("/staff/admin/branding", response_model=None, dependencies=[Depends(verify_csrf)])
def save_branding(
    request: Request,
    session: WriteSession,
    display_name: str = Form(""),
    accent: str = Form(""),
    remove_logo: str = Form(""),
    logo: UploadFile | None = File(None),
    admin: User = Depends(MANAGE),
) -> Response:
    """Store the branding; a refused field comes back with its message and the typed values kept."""
    data = logo.file.read(branding.MAX_LOGO_BYTES + 1) if logo is not None else b""  # before any statement
    try:
        branding.save(session, admin, display_name, accent, data or None, remove_logo == "1")
    except FormError as error:
        return _page(request, session, admin, {"display_name": display_name, "accent": accent}, error)
    return see_other("/staff/admin/branding?done=saved")


@router.get("/brand/{slug}/logo.png")
def logo(slug: str, session: ReadSession, request: Request) -> Response:
    """An organisation's logo (public, as it is printed on posters): always our own PNG."""
    org = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    row = session.get(OrganisationBrand, org.id) if org else None
    if row is None or not row.logo_png:
        raise HTTPException(404, "Page not found")
    etag = f'"{row.logo_sha[:32]}"'
    versioned = request.query_params.get("v") == row.logo_sha[:16]
    cache = "public, max-age=31536000, immutable" if versioned else "public, max-age=300"
    headers = {**LOGO_HEADERS, "ETag": etag, "Cache-Control": cache}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(row.logo_png, media_type="image/png", headers=headers)


@router.get("/brand/{slug}/brand.css")
def accent_css(slug: str, session: ReadSession) -> Response:
    """The accent colour as a stylesheet (the CSP allows no inline style); built only from a
    colour validated as '#rrggbb', so nothing typed by a user reaches the CSS."""
    org = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    row = session.get(OrganisationBrand, org.id) if org else None
    colour = row.accent if row is not None and branding.HEX.match(row.accent or "") else ""
    css = (f".poster h1,.poster-lang h2{{color:{colour}}}.poster-brand{{border-block-end:6px solid {colour};"
           f"padding-block-end:.5rem}}\n" if colour else "")
    return Response(css, media_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300"})

