"""What every resident page shares: campaign, survey text in the page's language, the draft link."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.campaigns.access import Published, first_day, invitation_only, last_day, refusal
from app.config import get_settings
from app.db import is_read_only
from app.i18n import negotiate
from app.models import Area, Campaign
from app.models.drafts import Draft
from app.responses import drafts
from app.surveys.definitions import ProfileQuestion, Survey, Theme, get_survey
from app.surveys.service import definition_for, offered
from app.web.templating import gettext_for, render


def not_found(_request: Request) -> HTTPException:
    """The shared 404 page."""
    return HTTPException(404, "Page not found")


@dataclass
class Screen:
    """One resident page being made: who, what survey, which language."""

    request: Request
    campaign: Campaign
    survey: Survey
    lang: str
    _: Callable[[str], str]
    token: str | None
    organisation: str
    areas: list[Area]
    draft: Draft | None  # this phone's draft behind `token` (submitted or not), read once per page

    @classmethod
    def build(cls, request: Request, session: Session, published: Published,
              version: str | None = None) -> "Screen":
        """The screen of the campaign's survey, or of the version this phone's draft (or the
        link's ?v=) chose among those the campaign offers."""
        campaign = published.campaign
        token = request.cookies.get(drafts.COOKIE)
        # Read pages have the draft from the campaign's statement (pages._screen), a read-only copy.
        draft = (drafts.live(published.draft, campaign) if is_read_only(session)
                 else drafts.load(session, campaign, token))
        version = draft.survey_slug if draft is not None and not draft.submitted_at else version
        if version and version != campaign.survey_slug and version in offered(campaign):
            survey = get_survey(version)
        else:
            survey = definition_for(session, campaign.survey_slug, campaign.survey_version)
        if survey is None:
            raise not_found(request)
        lang = negotiate(request, campaign.locales)
        return cls(request, campaign, survey, lang, gettext_for(lang), token, published.organisation,
                   published.areas, draft)

    @property
    def invitation_only(self) -> bool:
        return invitation_only(self.campaign)

    @property
    def accepting(self) -> bool:
        """Whether the campaign takes answers now (open and within its dates)."""
        return refusal(self.campaign) is None

    def tr(self, text: dict[str, str]) -> str:
        """Survey text in the page's language (the definition guarantees every locale)."""
        return text.get(self.lang) or text[self.survey.default_locale]

    def theme(self, n: int) -> Theme:
        if not 1 <= n <= len(self.survey.themes):
            raise not_found(self.request)
        return self.survey.themes[n - 1]

    def render(self, template: str, context: dict[str, Any], status: int = 200,
               resume: bool = False) -> HTMLResponse:
        """Render with what every resident page needs; `resume` shows this phone's resume link."""
        slug = self.campaign.slug
        # The resume link carries the language, so it opens where it was left, as it was read.
        path = f"/k/{slug}/fortsett/{self.token}?lang={self.lang}" if resume and self.token else None
        ctx = {"campaign": self.campaign, "survey": self.survey, "tr": self.tr,
               # demo=False: base.html would put the banner outside the landmarks (see _demo.html)
               "demo": False, "demo_banner": self.campaign.is_demo, "resume_path": path,
               "resume_url": get_settings().base_url.rstrip("/") + path if path else None,
               "errors": {}, "organisation": self.organisation}
        ctx.update(context)
        return render(self.request, template, ctx, lang=self.lang, status_code=status,
                      offered=self.campaign.locales)

    def landing(self, draft: Draft | None, values: dict[str, str],
                errors: dict[str, str], status: int = 200) -> HTMLResponse:
        code_ok = bool(values.get("code")) and "code" not in errors
        has_code = bool(draft and draft.invitation_code)
        versions = [s for s in map(get_survey, offered(self.campaign)) if s is not None]
        return self.render("resident/landing.html", {
            "versions": versions if len(versions) > 1 else [],
            "refusal": refusal(self.campaign), "first_day": first_day(self.campaign),
            "last_day": last_day(self.campaign),
            "areas": self.areas, "draft": draft, "values": values,
            "errors": errors, "code_ok": code_ok,
            "ask_code": "code" in errors or (self.invitation_only and not code_ok and not has_code),
            "days": get_settings().draft_ttl_days,
            "continue_path": drafts.step_url(self.campaign.slug, draft.step) if draft else None,
        }, status=status, resume=draft is not None)

    @property
    def profile_questions(self) -> list[ProfileQuestion]:
        """The profile questions this campaign chose (all of them when it never chose)."""
        chosen = (self.campaign.settings or {}).get("profile")
        if chosen is None:
            return list(self.survey.profile)
        return [q for q in self.survey.profile if q.key in chosen]

    def may_restart(self, area: str) -> bool:
        """Whether a phone that lost its draft may start a new one from a theme screen."""
        return not self.invitation_only and area in {a.slug for a in self.areas}

    def theme_form(self, n: int, values: dict[str, str], errors: dict[str, str], status: int = 200,
                   area: str = "", restart: bool = False) -> HTMLResponse:
        theme = self.theme(n)
        group = next(g for g in self.survey.groups if g.slug == theme.group)
        return self.render("resident/theme.html", {
            "n": n, "total": len(self.survey.themes), "theme": theme, "group": group,
            "values": values, "errors": errors, "texts": {f.key: f.label for f in self.survey.free_text},
            "area": area, "restart": restart,
        }, status=status, resume=True)

    def profile_form(self, values: dict[str, str], errors: dict[str, str],
                     status: int = 200) -> HTMLResponse:
        return self.render("resident/profile.html", {
            "values": values, "errors": errors, "questions": self.profile_questions,
        }, status=status, resume=True)

    def message(self, title: str, text: str, status: int = 200) -> HTMLResponse:
        return self.render("resident/message.html", {"title": title, "text": text}, status=status)

