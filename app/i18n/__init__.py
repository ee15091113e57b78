"""Languages: which are shipped, and which one a request wants."""

from dataclasses import dataclass

from starlette.requests import Request


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's name in itself, for the switcher
    rtl: bool = False


LANGUAGES = {
    lang.code: lang
    for lang in (
        Language("nb", "Norsk bokmål"),
        Language("nn", "Norsk nynorsk"),
        Language("en", "English"),
        Language("se", "Davvisámegiella"),
        Language("uk", "Українська"),
        Language("ar", "العربية", rtl=True),
    )
}
DEFAULT = "nb"
COOKIE = "lang"
# Browsers often say "no" or "nb-NO"; Norwegian without a variant is taken as Bokmål.
ALIASES = {"no": "nb", "nob": "nb", "nno": "nn", "sme": "se", "ukr": "uk"}


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
