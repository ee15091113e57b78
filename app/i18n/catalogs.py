"""Gettext catalogs: one message domain per part of the app, merged per language at run time.

Domains let each part of the app keep its own catalog file, so work on one does not collide
with another. `python -m app.i18n.catalogs update` re-extracts and merges; `check` lists what
is stale or missing (the test suite runs the same check).
"""

import copy
import io
import sys
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from app.config import PACKAGE, ROOT
from app.i18n import LANGUAGES, STAFF_LANGUAGES, babel_locale

LOCALES_DIR = ROOT / "locales"
# domain -> the folders (relative to app/) its strings are extracted from
DOMAINS: dict[str, list[str]] = {
    "core": ["templates/core", "web", "i18n"],
    "resident": ["templates/resident", "responses", "surveys"],
    "staff": ["templates/staff", "templates/admin", "auth", "admin", "campaigns", "fieldwork"],
    "results": ["templates/results", "results"],
    "ideas": ["templates/ideas", "ideas"],
    "workshops": ["templates/workshops", "workshops"],
    "outcomes": ["templates/outcomes", "outcomes"],
    "dilemmas": ["templates/dilemmas", "dilemmas"],
    "sustainability": ["templates/sustainability", "sustainability"],
    "classes": ["templates/classes/staff", "classes"],
    "pupils": ["templates/classes/pupil"],
}
# Domains residents read (survey, boards, voting, public results and follow-up, layout and errors):
# every language covers these; the staff-only languages cover every domain. A new domain is
# staff-only until it is listed here.
RESIDENT_DOMAINS = {"core", "resident", "results", "ideas", "workshops", "outcomes", "pupils"}
METHODS = [("**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
REVIEW_NOTE = "Not yet reviewed by a native speaker."
REVIEWED: set[str] = {"en"}  # languages whose catalogs a native speaker has checked
SOURCE = "en"  # msgids are English, so the English catalog copies them


def domains_for(lang: str) -> list[str]:
    """The domains a language's catalogs must cover."""
    return [d for d in DOMAINS if lang in STAFF_LANGUAGES or d in RESIDENT_DOMAINS]


def extract(domain: str) -> Catalog:
    """A fresh template catalog of every string marked in the domain's folders."""
    catalog = Catalog(project="Medvirk", domain=domain, fuzzy=False)
    for folder in DOMAINS[domain]:
        path = PACKAGE / folder
        if not path.exists():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            str(path), METHODS, OPTIONS, comment_tags=("NOTE:",), strip_comment_tags=True
        ):
            catalog.add(message, None, [(f"app/{folder}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def pot_path(domain: str) -> Path:
    return LOCALES_DIR / f"{domain}.pot"


def po_path(lang: str, domain: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=babel_locale(locale) if locale else None)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        # No wrapping: one line per string keeps diffs and line-based checks simple.
        write_po(fh, catalog, width=0, omit_header=False, sort_output=True)


def update(only: list[str] | None = None) -> None:
    """Re-extract the domains (default: all) and merge new strings into each language's catalog."""
    for domain in only or DOMAINS:
        template = extract(domain)
        if not len(template):
            continue
        _write(pot_path(domain), template)
        for lang in (lang for lang in LANGUAGES if domain in domains_for(lang)):
            path = po_path(lang, domain)
            catalog = (_read(path, lang) if path.exists()
                       else Catalog(locale=babel_locale(lang), domain=domain, project="Medvirk"))
            _write(path, merged(catalog, template, lang))


def merged(catalog: Catalog, template: Catalog, lang: str) -> Catalog:
    """The language's catalog with the template's new strings added (empty, to be translated)."""
    # Babel adds the template's own Message objects to the catalog: without a copy per language,
    # the English fill below would reach every language merged after English as a "translation".
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    if lang == SOURCE:
        for message in catalog:
            if message.id and not message.string:
                message.string = message.id
    if lang not in REVIEWED and REVIEW_NOTE not in catalog.header_comment:
        catalog.header_comment = f"# {REVIEW_NOTE}\n{catalog.header_comment}"
    return catalog


def problems() -> list[str]:
    """Stale templates, and messages missing, empty or fuzzy in any shipped language."""
    found = []
    for domain in DOMAINS:
        fresh = {m.id for m in extract(domain) if m.id}
        pot = pot_path(domain)
        stored = {m.id for m in _read(pot) if m.id} if pot.exists() else set()
        if fresh != stored:
            found.append(f"{pot.name} is stale: run `make i18n` "
                         f"({len(fresh - stored)} new, {len(stored - fresh)} gone)")
        for lang in (lang for lang in LANGUAGES if domain in domains_for(lang)):
            path = po_path(lang, domain)
            if not fresh:
                continue
            if not path.exists():
                found.append(f"{path.relative_to(ROOT)} is missing")
                continue
            catalog = {m.id: m for m in _read(path, lang) if m.id}
            for msgid in sorted(fresh, key=str):
                message = catalog.get(msgid)
                if message is None or not message.string or message.fuzzy or (
                    isinstance(message.string, tuple) and not all(message.string)
                ):
                    found.append(f"{path.relative_to(ROOT)}: untranslated {msgid!r}")
    return found


@lru_cache
def translations(lang: str) -> Translations:
    """Every domain's catalog for a language, compiled in memory and merged into one."""
    merged = Translations()
    for domain in DOMAINS:
        path = po_path(lang, domain)
        if not path.exists():
            continue
        buffer = io.BytesIO()
        write_mo(buffer, _read(path, lang))
        buffer.seek(0)
        loaded = Translations(buffer, domain="messages")
        merged.merge(loaded)
        merged.plural = loaded.plural  # merge() copies messages only; ngettext needs the language's rule
    return merged


if __name__ == "__main__":
    if sys.argv[1:2] == ["update"]:
        update(sys.argv[2:] or None)
    elif sys.argv[1:] == ["check"]:
        issues = problems()
        print("\n".join(issues) or "catalogs complete")
        sys.exit(1 if issues else 0)
    else:
        sys.exit("usage: python -m app.i18n.catalogs update [DOMAIN ...] | check")
