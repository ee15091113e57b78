"""Languages: which are shipped, and which one a request wants."""

from dataclasses import dataclass

from babel.numbers import format_decimal
from starlette.requests import Request


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's name in itself, for the switcher
    rtl: bool = False
    tag: str = ""  # the HTML lang attribute (BCP 47) when the code is not one, as for easy-read
    babel: str = ""  # the locale for numbers, dates and plural rules, when not the code
    staff: bool = True  # offered on staff pages too; resident-only languages cover public pages
    reviewed: bool = True  # checked by a native speaker; residents see a note until then

    def __post_init__(self) -> None:
        object.__setattr__(self, "tag", self.tag or self.code)
        object.__setattr__(self, "babel", self.babel or self.code)


def _new(code: str, name: str, **kw: str) -> Language:
    """A resident-only language whose translation no native speaker has checked yet."""
    return Language(code, name, staff=False, reviewed=False, **kw)  # type: ignore[arg-type]


LANGUAGES = {
    lang.code: lang
    for lang in (
        Language("nb", "Norsk bokmål"),
        # Easy-read Bokmål: Bokmål to browsers, screen readers and Babel, plainer words to people.
        _new("lettlest", "Lettlest bokmål", tag="nb", babel="nb"),
        Language("nn", "Norsk nynorsk"),
        Language("en", "English"),
        Language("se", "Davvisámegiella"),
        _new("pl", "Polski"),
        _new("lt", "Lietuvių"),
        _new("so", "Soomaali"),
        _new("ti", "ትግርኛ"),
        Language("uk", "Українська"),
        Language("ar", "العربية", rtl=True),
    )
}
# Staff pages speak these; the others are for residents' pages only.
STAFF_LANGUAGES = {code: lang for code, lang in LANGUAGES.items() if lang.staff}
DEFAULT = "nb"


def N_(text: str) -> str:
    """Mark a msgid for extraction; it is translated in the reader's language where it is shown."""
    return text


def babel_locale(lang: str) -> str:
    """Babel's locale for a language code (easy-read Bokmål is Bokmål to Babel)."""
    return LANGUAGES[lang].babel if lang in LANGUAGES else lang


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """A number in the reader's language (Babel): nb, nn and uk write a decimal comma."""
    return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=babel_locale(lang))


COOKIE = "lang"
# Browsers often say "no" or "nb-NO"; Norwegian without a variant is taken as Bokmål.
ALIASES = {"no": "nb", "nob": "nb", "nno": "nn", "sme": "se", "ukr": "uk",
           "pol": "pl", "lit": "lt", "som": "so", "tir": "ti", "ara": "ar"}


def _known(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower().replace("_", "-").split("-")[0]
    code = ALIASES.get(code, code)
    return code if code in LANGUAGES else None


def negotiate(request: Request, offered: list[str] | None = None) -> str:
    """The language from ?lang=, then the cookie, then Accept-Language, then Bokmål."""
    allowed = [c for c in (offered or LANGUAGES) if c in LANGUAGES] or [DEFAULT]
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        code = _known(candidate)
        if code in allowed:
            return code
    for code, _q in _accept_language(request.headers.get("accept-language", "")):
        if code in allowed:
            return code
    return DEFAULT if DEFAULT in allowed else allowed[0]


def _accept_language(header: str) -> list[tuple[str, float]]:
    """Parse Accept-Language into known codes, best first."""
    found = []
    for part in header.split(","):
        tag, _, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = _known(tag)
        if code and quality > 0:
            found.append((code, quality))
    return sorted(found, key=lambda item: -item[1])
