"""Render Jinja templates in the request's language, with CSRF and static helpers."""

from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

from babel.dates import format_date, format_time
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.datastructures import MultiDict

from app.auth.permissions import allowed
from app.config import PACKAGE, get_settings
from app.i18n import COOKIE, LANGUAGES, STAFF_LANGUAGES, babel_locale, decimal, negotiate
from app.i18n.catalogs import translations
from app.results.masking import in_language
from app.web.security import CSRF_COOKIE, CSRF_FIELD, csrf_token
from app.web.static import inline, static_url

TEMPLATES_DIR = PACKAGE / "templates"


@lru_cache
def environment(lang: str) -> Environment:
    """One Jinja environment per language, with that language's translations installed."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the code and change only with a new process: no stat() of every
        # template and include on every page.
        auto_reload=False,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_plain_gettext(translations(lang)))  # every template escapes (autoescape above)
    env.globals.update(static_url=static_url, inline=inline, languages=LANGUAGES,
                       csrf_field=CSRF_FIELD, lang_url=lang_url, can=allowed, lang_tag=lang_tag,
                       fragment=fragment, with_lang=_with_lang)
    env.policies["ext.i18n.trimmed"] = True
    # Numbers and dates in the page's language (Babel): nb, nn and uk write a decimal comma;
    # easy-read Bokmål formats as Bokmål.
    locale = babel_locale(lang)
    env.filters["decimal"] = lambda value, digits=1: decimal(value, lang, digits)
    env.filters["masked"] = lambda text: in_language(text, translations(lang).gettext)
    env.filters["day"] = lambda value: format_date(value, format="medium", locale=locale)
    # A date and time of day (as stored, UTC), e.g. "2. des. 2026 14:05" or "2 Dec 2026 14:05".
    env.filters["moment"] = lambda value: f"{format_date(value, format='medium', locale=locale)} " \
                                          f"{format_time(value, format='HH:mm', locale=locale)}"
    return env


def _plain_gettext(catalog: Any) -> dict[str, Any]:
    """gettext, _ and ngettext for one language's templates, as Jinja's new-style ones behave
    (escaped Markup, always %-formatted) but as plain functions: the language is the environment's,
    so they need no template context. Jinja's own take it, and copy the whole context for each call
    made in a loop or after a {% set %}; and each message without variables is made once here."""
    known: dict[str, Markup] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        if variables:
            return Markup(catalog.gettext(message)) % variables  # noqa: S704 (a catalog's text)
        found = known.get(message)
        if found is None:
            found = Markup(catalog.gettext(message)) % {}  # noqa: S704
            if len(known) < 10_000:  # messages come from the templates: a bound, never reached
                known[message] = found
        return found

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(catalog.ngettext(singular, plural, num)) % variables  # noqa: S704

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}


def lang_tag(code: str) -> str:
    """The HTML lang attribute for a language code (easy-read Bokmål is `nb` to browsers)."""
    return LANGUAGES[code].tag if code in LANGUAGES else code


def lang_url(request: Request, code: str) -> str:
    """This page's path and query with the language swapped, for the language switcher."""
    url = request.url
    return _with_lang(url.path, url.query, code)


@lru_cache(maxsize=1024)
def _with_lang(path: str, query: str, code: str) -> str:
    """As `URL.include_query_params(lang=code)` writes it, worked out once per page and language."""
    params = MultiDict(parse_qsl(query, keep_blank_values=True))
    params.update({"lang": code})
    return f"{path}?{urlencode(params.multi_items())}"


@pass_context
def fragment(context: Context, template: str, by_url: bool = False) -> Markup:
    """A language menu's HTML, rendered once per language, offered languages (and page address,
    when `by_url`) and then reused: the same on every page view. The template sees `lang`,
    `offered`, `path` and `query` (and the globals), nothing of the request."""
    url = context["request"].url if by_url else None
    return _fragment(template, context["lang"], tuple(context["offered"]),
                     url.path if url else "", url.query if url else "")


@lru_cache(maxsize=2048)
def _fragment(template: str, lang: str, offered: tuple[str, ...], path: str, query: str) -> Markup:
    page = environment(lang).get_template(template)
    return Markup(page.render(lang=lang, offered=list(offered), path=path, query=query))  # noqa: S704


def gettext_for(lang: str):  # type: ignore[no-untyped-def]
    """The gettext function of a language, for strings made in Python."""
    return translations(lang).gettext


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *,
    lang: str | None = None, status_code: int = 200, offered: list[str] | None = None,
) -> HTMLResponse:
    """Render a page; sets the language and CSRF cookies when they are new."""
    if offered is None and request.url.path.startswith("/staff"):
        offered = list(STAFF_LANGUAGES)  # staff pages speak the staff languages only
    lang = lang or negotiate(request, offered)
    ctx = {"request": request, "lang": lang, "language": LANGUAGES[lang],
           "csrf_token": csrf_token(request), "offered": offered or list(LANGUAGES)}
    ctx.update(context or {})
    html = environment(lang).get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code)
    secure = get_settings().base_url.startswith("https")
    if request.cookies.get(CSRF_COOKIE) is None:
        response.set_cookie(CSRF_COOKIE, request.state.csrf_seed, httponly=True,
                            samesite="lax", secure=secure)
    if request.query_params.get("lang") == lang and request.cookies.get(COOKIE) != lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", secure=secure)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A plain HTML error page for browsers; the message is translated when it is a msgid."""
    _ = gettext_for(negotiate(request))
    titles = {404: _("Page not found"), 403: _("Not allowed"), 401: _("Please log in"),
              409: _("Not possible right now"), 413: _("Too much data")}
    title = titles.get(status, _("Something went wrong"))
    return render(request, "core/error.html", {"title": title, "message": _(message)},
                  status_code=status)
