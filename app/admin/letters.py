"""Invitation letters to print: new single-use codes, one A4 page per code, in a chosen language.

The codes are made before the first statement and stored in the route's short transaction; the
PDF is laid out as the response is sent, after the commit, so no write waits on the layout. Like
the CSV, the letters are the only place the codes are ever shown (only their hashes are kept)."""

from collections.abc import Iterator
from urllib.parse import urlencode

import segno
from fastapi import Depends, Form, Request
from fastapi.responses import Response, StreamingResponse

from app.admin.branding import brand_of
from app.admin.forms import N_, FormError
from app.admin.web import form_page
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.campaigns.invitations import new_codes, store_codes
from app.campaigns.outreach import survey_link
from app.common.text import is_digits
from app.db import WriteSession
from app.i18n import LANGUAGES
from app.models import User
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import environment

router = Router(prefix="/staff/campaigns", include_in_schema=False)
MAX_LETTERS = 1000


def pdf(letters: list[dict], title: str, organisation: str, lang: str, logo: str = "",
        accent: str = "") -> bytes:
    """The letters as one PDF, a page each (WeasyPrint; the template is the residents' own:
    resident/letters.html, in any language residents read)."""
    import weasyprint  # imported here: loading Pango takes a moment and only this download needs it

    page = (
        environment(lang)
        .get_template("resident/letters.html")
        .render(
            {
                "letters": letters,
                "title": title,
                "organisation": organisation,
                "logo": logo,
                "accent": accent,
                "lang": lang,
                "language": LANGUAGES[lang],
            }
        )
    )
    return weasyprint.HTML(string=page).write_pdf()  # type: ignore[no-any-return]


@router.post("/{slug}/invitations/letters", response_model=None, dependencies=[Depends(verify_csrf)])
def letters(
    request: Request,
    slug: str,
    session: WriteSession,
    count: str = Form("", alias="letters_count"),
    lang: str = Form(""),
    user: User = Depends(require("invitations.create")),
) -> Response:
    """Make N codes and download them as letters to print, one A4 page each."""
    valid = is_digits(count.strip()) and 1 <= int(count) <= MAX_LETTERS
    codes = new_codes(int(count)) if valid else []  # before the first statement: no lock held meanwhile
    campaign = campaign_for(session, user, slug)
    errors = {}
    if not valid:
        errors["letters_count"] = N_("Write a whole number of letters from 1 to 1000.")
    if lang not in campaign.locales:
        errors["letters_lang"] = N_("Choose one of the campaign's languages.")
    if errors:
        return form_page(
            request,
            "staff/invitations.html",
            {
                "user": user,
                "campaign": campaign,
                "count": "100",
                "letters_count": count,
                "letters_lang": lang,
            },
            FormError(errors),
        )
    store_codes(session, campaign, codes)
    brand = brand_of(session, campaign.organisation_id)
    link = survey_link(campaign, lang=lang)
    sheets = [
        {
            "code": code,
            "url": f"{link}&{urlencode({'code': code})}",
            "qr": segno.make(f"{link}&{urlencode({'code': code})}", error="m").svg_data_uri(scale=4),
        }
        for code in codes
    ]
    title, name, logo, accent = campaign.title, brand.name, brand.logo_data_uri, brand.accent

    def body() -> Iterator[bytes]:
        yield pdf(sheets, title, name, lang, logo, accent)  # after the commit: the response is being sent

    return StreamingResponse(
        body(),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{campaign.slug}-invitation-letters-{lang}.pdf"',
            "Cache-Control": "no-store",
        },
    )
