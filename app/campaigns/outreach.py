"""Outreach: short links, QR codes (SVG, segno), A4 posters and invitation codes as CSV."""

import csv
import io
from urllib.parse import urlencode

import segno
from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.admin.branding import brand_of
from app.admin.forms import N_, FormError
from app.admin.web import form_page
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.campaigns.invitations import new_codes, store_codes
from app.campaigns.service import areas_of
from app.common.text import is_digits
from app.config import get_settings
from app.db import ReadSession, WriteSession
from app.i18n import LANGUAGES
from app.models import Area, Campaign, User
from app.surveys.definitions import get_survey
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/campaigns", include_in_schema=False)
MAX_CODES = 5000


def survey_link(campaign: Campaign, area: str | None = None, lang: str | None = None) -> str:
    """The short link residents type or scan: /k/{slug}, with the area and language preselected."""
    query = {k: v for k, v in (("area", area), ("lang", lang)) if v}
    base = f"{get_settings().base_url.rstrip('/')}/k/{campaign.slug}"
    return f"{base}?{urlencode(query)}" if query else base


def followup_link(campaign: Campaign, area: str | None = None) -> str:
    """Where residents see what came of their answers (the rød tråd's public page)."""
    base = f"{get_settings().base_url.rstrip('/')}/oppfolging/{campaign.slug}"
    return f"{base}/{area}" if area else base


def qr_svg(url: str) -> bytes:
    """A QR code for a link, as a standalone SVG (medium error correction survives a crumpled poster)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=8, border=4, xmldecl=False)
    return out.getvalue()


def _area(session: Session, campaign: Campaign, slug: str | None) -> Area | None:
    if not slug:
        return None
    area = next((a for a in areas_of(session, campaign) if a.slug == slug), None)
    if area is None:
        raise HTTPException(404, "Page not found")
    return area


def _lang(campaign: Campaign, lang: str | None) -> str | None:
    if lang and lang not in campaign.locales:
        raise HTTPException(404, "Page not found")
    return lang or None


@router.get("/{slug}/outreach", response_class=HTMLResponse)
def outreach(
    request: Request,
    slug: str,
    session: ReadSession,
    user: User = Depends(require("outreach.manage")),
) -> HTMLResponse:
    """Short links and QR codes for the whole campaign and each area, with poster links."""
    campaign = campaign_for(session, user, slug)
    targets = [(None, campaign.title)] + [(a.slug, a.name) for a in areas_of(session, campaign)]
    return form_page(
        request,
        "staff/outreach.html",
        {
            "user": user,
            "campaign": campaign,
            "lang_names": {c: LANGUAGES[c].name for c in LANGUAGES},
            "targets": [(slug_, name, survey_link(campaign, slug_)) for slug_, name in targets],
        },
    )


@router.get("/{slug}/qr.svg")
def qr(
    slug: str,
    session: ReadSession,
    area: str | None = None,
    lang: str | None = None,
    followup: bool = False,
    user: User = Depends(require("outreach.manage")),
) -> Response:
    """The QR code of a short link: the survey's, or with `followup` the page of what came of it."""
    campaign = campaign_for(session, user, slug)
    a = _area(session, campaign, area)
    if followup:
        url = followup_link(campaign, a.slug if a else None)
    else:
        url = survey_link(campaign, a.slug if a else None, _lang(campaign, lang))
    return Response(
        qr_svg(url), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"}
    )


@router.get("/{slug}/poster", response_class=HTMLResponse)
def poster(
    request: Request,
    slug: str,
    session: ReadSession,
    area: str | None = None,
    lang: str | None = None,
    user: User = Depends(require("outreach.manage")),
) -> HTMLResponse:
    """An A4 poster: the survey's invitation in each offered language, the QR code and the short link."""
    campaign = campaign_for(session, user, slug)
    a, chosen = _area(session, campaign, area), _lang(campaign, lang)
    survey = get_survey(campaign.survey_slug)
    if survey is None:
        raise HTTPException(404, "Page not found")
    langs = [chosen] if chosen else [c for c in campaign.locales if c in survey.locales]
    texts = [
        {
            "lang": c,
            "rtl": LANGUAGES[c].rtl if c in LANGUAGES else False,
            "title": survey.title[c],
            "intro": survey.intro[c],
        }
        for c in langs
    ]
    query = urlencode({k: v for k, v in (("area", a.slug if a else None), ("lang", chosen)) if v})
    return form_page(
        request,
        "staff/poster.html",
        {
            "user": user,
            "campaign": campaign,
            "area": a,
            "texts": texts,
            "link": survey_link(campaign, a.slug if a else None, chosen),
            "qr_src": f"/staff/campaigns/{campaign.slug}/qr.svg" + (f"?{query}" if query else ""),
            # A poster stays on the wall after the survey closes: its second code follows up.
            "followup": followup_link(campaign, a.slug if a else None),
            "followup_qr_src": f"/staff/campaigns/{campaign.slug}/qr.svg?"
                               + urlencode({"followup": "true", **({"area": a.slug} if a else {})}),
            "demo": campaign.is_demo,
            "brand": brand_of(session, campaign.organisation_id),
        },
    )


@router.get("/{slug}/invitations", response_class=HTMLResponse)
def invitations_form(
    request: Request,
    slug: str,
    session: ReadSession,
    user: User = Depends(require("invitations.create")),
) -> HTMLResponse:
    """How many single-use codes to make."""
    campaign = campaign_for(session, user, slug)
    return form_page(request, "staff/invitations.html", {"user": user, "campaign": campaign, "count": "100"})


@router.post("/{slug}/invitations", response_model=None, dependencies=[Depends(verify_csrf)])
def make_invitations(
    request: Request,
    slug: str,
    session: WriteSession,
    count: str = Form(""),
    user: User = Depends(require("invitations.create")),
) -> Response:
    """Make N codes and download them once as CSV; only their hashes are kept."""
    valid = is_digits(count.strip()) and 1 <= int(count) <= MAX_CODES
    codes = new_codes(int(count)) if valid else []  # before the first statement: no lock held meanwhile
    campaign = campaign_for(session, user, slug)
    if not valid:
        error = FormError(
            {"count": N_("Write a whole number from 1 to %(max)s.")}, {"count": {"max": MAX_CODES}}
        )
        return form_page(
            request, "staff/invitations.html", {"user": user, "campaign": campaign, "count": count}, error
        )
    store_codes(session, campaign, codes)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "link"])
    link = survey_link(campaign)  # the link fills the code in on the survey's first page
    writer.writerows([code, f"{link}?{urlencode({'code': code})}"] for code in codes)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{campaign.slug}-invitation-codes.csv"',
            "Cache-Control": "no-store",
        },
    )
