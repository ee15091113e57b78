"""Staff pages: list, create, show and edit campaigns."""

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from app.admin.forms import FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.campaigns.forms import CampaignForm, campaigns_query, create, org_campaigns, update
from app.campaigns.service import areas_of
from app.common.paging import page_number, paginate
from app.db import ReadSession, WriteSession
from app.i18n import LANGUAGES
from app.models import Campaign, FieldSession, User
from app.surveys.definitions import load_all
from app.surveys.service import offered
from app.web.routing import Router
from app.web.security import verify_csrf

router = Router(prefix="/staff/campaigns", include_in_schema=False)
CSRF = [Depends(verify_csrf)]


async def _form(request: Request) -> FormData:
    return await request.form()


def read_form(data: FormData = Depends(_form)) -> tuple[CampaignForm, str]:
    """The campaign form as posted (lists from checkboxes), and the 'add areas' text."""

    def text(name: str) -> str:
        return str(data.get(name, ""))[:5000]

    form = CampaignForm(
        title=text("title"),
        slug=text("slug"),
        survey=text("survey"),
        areas=text("areas"),
        versions=[str(v)[:64] for v in data.getlist("versions")][:10],
        locales=[str(v) for v in data.getlist("locales")],
        profile=[str(v) for v in data.getlist("profile")],
        opens_on=text("opens_on"),
        closes_on=text("closes_on"),
        results_public=data.get("results_public") == "1",
        status=text("status") or "draft",
        previous=text("previous"),
        invitation_only=data.get("invitation_only") == "1",
        retention_months=text("retention_months"),
    )
    return form, text("new_areas")


def _form_page(
    request: Request,
    session: Session,
    user: User,
    form: CampaignForm,
    campaign: Campaign | None = None,
    error: FormError | None = None,
    new_areas: str = "",
) -> HTMLResponse:
    surveys = load_all()
    survey = surveys.get(form.survey) or next(iter(surveys.values()))
    return form_page(
        request,
        "staff/campaign_form.html",
        {
            "user": user,
            "form": form,
            "campaign": campaign,
            "surveys": surveys,
            "survey": survey,
            "languages": LANGUAGES,
            "lang_names": {c: LANGUAGES[c].name for c in LANGUAGES},
            "survey_options": [(s.slug, s.title.get(s.default_locale, s.slug)) for s in surveys.values()],
            "version_options": [s for s in surveys.values() if s.slug != survey.slug
                                and (s.variant_of or s.slug) == (survey.variant_of or survey.slug)],
            "earlier_options": [
                (str(c.id), c.title) for c in org_campaigns(session, user, campaign.id if campaign else None)
            ],
            "areas": areas_of(session, campaign) if campaign else [],
            "new_areas": new_areas,
        },
        error,
    )


def _list_url(number: int) -> str:
    return f"/staff/campaigns?page={number}"


@router.get("", response_class=HTMLResponse)
def list_campaigns(
    request: Request,
    session: ReadSession,
    page: str = "1",
    done: str | None = None,
    user: User = Depends(require("campaigns.view")),
) -> HTMLResponse:
    """The organisation's campaigns, one page at a time."""
    rows = paginate(campaigns_query(user), session, page_number(page))
    context = {"user": user, "campaigns": rows.items, "page": rows,
               "done": done if done == "deleted" else None}
    return form_page(request, "staff/campaigns.html", {**context, "page_url": _list_url})


@router.get("/new", response_class=HTMLResponse)
def new_campaign(
    request: Request,
    session: ReadSession,
    user: User = Depends(require("campaigns.create")),
) -> HTMLResponse:
    """An empty campaign form with every language and no profile question chosen."""
    survey = next(iter(load_all().values()))
    form = CampaignForm(
        survey=survey.slug, locales=list(survey.locales), profile=[q.key for q in survey.profile]
    )
    return _form_page(request, session, user, form)


@router.post("/new", response_model=None, dependencies=CSRF)
def create_campaign(
    request: Request,
    session: WriteSession,
    posted: tuple[CampaignForm, str] = Depends(read_form),
    user: User = Depends(require("campaigns.create")),
) -> Response:
    """Create the campaign, or show the form again with the problems."""
    form, _ = posted
    try:
        campaign = create(session, user, form)
    except FormError as error:
        return _form_page(request, session, user, form, error=error)
    return see_other(f"/staff/campaigns/{campaign.slug}?done=created")


@router.get("/{slug}", response_class=HTMLResponse)
def show_campaign(
    request: Request,
    slug: str,
    session: ReadSession,
    done: str | None = None,
    page: str = "1",
    user: User = Depends(require("campaigns.view")),
) -> HTMLResponse:
    """A campaign's settings, areas, sessions (one page of them) and the ways to reach people."""
    campaign = campaign_for(session, user, slug)
    previous = session.get(Campaign, campaign.previous_campaign_id) if campaign.previous_campaign_id else None
    field_sessions = paginate(
        select(FieldSession)
        .where(FieldSession.campaign_id == campaign.id)
        .order_by(col(FieldSession.held_on).desc(), col(FieldSession.id).desc()),
        session,
        page_number(page),
    )
    survey = load_all().get(campaign.survey_slug)
    profile_names = {q.key: q.label.get("en", q.key) for q in survey.profile} if survey else {}
    return form_page(
        request,
        "staff/campaign.html",
        {
            "user": user,
            "campaign": campaign,
            "areas": areas_of(session, campaign),
            "previous": previous,
            "field_sessions": field_sessions.items,
            "page": field_sessions,
            "page_url": lambda n: f"/staff/campaigns/{campaign.slug}?page={n}#sessions",
            "done": done,
            "lang_names": {c: LANGUAGES[c].name for c in LANGUAGES},
            "profile_names": profile_names,
            "demo": campaign.is_demo,
            "versions": [v for v in map(load_all().get, offered(campaign)) if v is not None]
            if len(offered(campaign)) > 1 else [],
        },
    )


@router.get("/{slug}/edit", response_class=HTMLResponse)
def edit_campaign(
    request: Request,
    slug: str,
    session: ReadSession,
    user: User = Depends(require("campaigns.edit")),
) -> HTMLResponse:
    """The campaign form filled in."""
    campaign = campaign_for(session, user, slug)
    return _form_page(request, session, user, CampaignForm.of(session, campaign), campaign)


@router.post("/{slug}/edit", response_model=None, dependencies=CSRF)
def save_campaign(
    request: Request,
    slug: str,
    session: WriteSession,
    posted: tuple[CampaignForm, str] = Depends(read_form),
    user: User = Depends(require("campaigns.edit")),
) -> Response:
    """Save the changes, or show the form again with the problems."""
    campaign = campaign_for(session, user, slug)
    form, new_areas = posted
    try:
        update(session, user, campaign, form, new_areas)
    except FormError as error:  # nothing was changed: update checks everything first
        return _form_page(request, session, user, form, campaign, error, new_areas)
    return see_other(f"/staff/campaigns/{campaign.slug}?done=saved")
