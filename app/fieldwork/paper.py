"""Paper: a printable A4 survey per language, and a keyboard-only screen to type forms in fast."""

import uuid

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func
from sqlmodel import Session, select
from starlette.datastructures import FormData

from app.admin.forms import N_, FormError
from app.admin.web import form_page, see_other
from app.auth.web import require
from app.campaigns.access import campaign_for
from app.campaigns.service import areas_of
from app.common.errors import ApiError
from app.db import ReadSession, WriteSession, savepoint
from app.fieldwork import entry
from app.fieldwork.service import not_recordable, refused
from app.i18n import LANGUAGES, negotiate
from app.models import Campaign, User
from app.models import Response as StoredResponse
from app.responses.service import submit
from app.surveys.definitions import Survey
from app.surveys.service import definition_for
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import render

router = Router(prefix="/staff/campaigns", include_in_schema=False)


async def _form(request: Request) -> FormData:
    return await request.form()


def _survey(session: Session, campaign: Campaign) -> Survey:
    survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
    if survey is None:
        raise HTTPException(404, "Page not found")
    return survey


def _profile_keys(campaign: Campaign, survey: Survey) -> list[str]:
    """The profile questions the campaign offers (all of the survey's when none were chosen)."""
    chosen = campaign.settings.get("profile")
    return list(chosen) if chosen is not None else [q.key for q in survey.profile]


@router.get("/{slug}/paper", response_class=HTMLResponse)
def paper_home(
    request: Request,
    slug: str,
    session: ReadSession,
    user: User = Depends(require("paper.enter")),
) -> HTMLResponse:
    """Links to the printable form in each offered language and to the entry screen."""
    campaign = campaign_for(session, user, slug)
    return form_page(
        request,
        "staff/paper.html",
        {
            "user": user,
            "campaign": campaign,
            "langs": [(c, LANGUAGES[c].name) for c in campaign.locales if c in LANGUAGES],
        },
    )


@router.get("/{slug}/paper/print", response_class=HTMLResponse)
def paper_form(
    request: Request,
    slug: str,
    session: ReadSession,
    lang: str = "",
    user: User = Depends(require("paper.enter")),
) -> HTMLResponse:
    """The whole survey on A4 in one language, with boxes to tick and lines to write on."""
    campaign = campaign_for(session, user, slug)
    survey = _survey(session, campaign)
    if lang not in campaign.locales or lang not in survey.locales or lang not in LANGUAGES:
        raise HTTPException(404, "Page not found")
    keys = _profile_keys(campaign, survey)
    return render(
        request,
        "staff/paper_print.html",
        {
            "campaign": campaign,
            "survey": survey,
            "l": lang,
            "areas": areas_of(session, campaign),
            "profile": [q for q in survey.profile if q.key in keys],
            "demo": campaign.is_demo,
        },
        lang=lang,
    )


def _entry(
    request: Request,
    session: Session,
    user: User,
    campaign: Campaign,
    values: dict,
    error: FormError | None = None,
    saved: bool = False,
) -> HTMLResponse:
    survey = _survey(session, campaign)
    keys, lang = _profile_keys(campaign, survey), negotiate(request)
    count = session.exec(
        select(func.count())
        .select_from(StoredResponse)
        .where(StoredResponse.campaign_id == campaign.id, StoredResponse.mode == "paper")
    ).one()  # type: ignore[arg-type]
    return form_page(
        request,
        "staff/paper_entry.html",
        {
            "user": user,
            "campaign": campaign,
            "survey": survey,
            "values": values,
            "saved": saved,
            "new_id": str(uuid.uuid4()),
            "stored": count,
            "demo": campaign.is_demo,
            "closed_notice": not_recordable(campaign),
            "area_options": [(a.slug, a.name) for a in areas_of(session, campaign)],
            "locale_options": [(c, LANGUAGES[c].name) for c in campaign.locales if c in LANGUAGES],
            "profile": [q for q in survey.profile if q.key in keys],
            "profile_options": {
                q.key: [(o.value, o.label.get(lang, o.label[survey.default_locale])) for o in q.options]
                for q in survey.profile
            },
        },
        error,
    )


@router.get("/{slug}/paper/entry", response_class=HTMLResponse)
def entry_form(
    request: Request,
    slug: str,
    session: ReadSession,
    area: str = "",
    locale: str = "",
    saved: str = "",
    user: User = Depends(require("paper.enter")),
) -> HTMLResponse:
    """An empty entry form; the area and language of the last form stay chosen."""
    campaign = campaign_for(session, user, slug)
    return _entry(request, session, user, campaign, {"area": area, "locale": locale}, saved=saved == "1")


@router.post("/{slug}/paper/entry", response_model=None, dependencies=[Depends(verify_csrf)])
def enter_form(
    request: Request,
    slug: str,
    session: WriteSession,
    form: FormData = Depends(_form),
    user: User = Depends(require("paper.enter")),
) -> Response:
    """Store one typed paper form with mode `paper`, or show the problems next to the fields."""
    campaign = campaign_for(session, user, slug)
    survey = _survey(session, campaign)
    values = {k: str(v) for k, v in form.items()}
    area = values.get("area", "")
    try:
        if area not in {a.slug for a in areas_of(session, campaign)}:
            errors, args = {"area": N_("Choose the area the form is about.")}, {}
            try:
                entry.build(
                    form,
                    survey,
                    area=area,
                    mode="paper",
                    locales=campaign.locales,
                    profile_keys=_profile_keys(campaign, survey),
                    paper=True,
                )
            except FormError as more:
                errors.update(more.errors)
                args = more.args_for
            raise FormError(errors, args)
        data = entry.build(
            form,
            survey,
            area=area,
            mode="paper",
            locales=campaign.locales,
            profile_keys=_profile_keys(campaign, survey),
            paper=True,
        )
        with savepoint(session):  # a refused form leaves nothing behind
            submit(session, campaign, data, user)
    except FormError as error:
        return _entry(request, session, user, campaign, values, error)
    except ApiError as exc:
        problem = (refused(campaign, "answers") if exc.code == "campaign_not_open" else FormError(
            {"answers": N_("This form was saved before with other answers. Reload the page and try again.")}))
        return _entry(request, session, user, campaign, values, problem)
    return see_other(f"/staff/campaigns/{slug}/paper/entry?saved=1&area={area}&locale={data.locale}")
