"""Comments leave the building without e-mail addresses or phone numbers: `mask` replaces them with
placeholders, and `in_language` shows those placeholders in the reader's language."""

import re
from collections.abc import Callable

from app.i18n import N_

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d .\-]{6,}\d")
# Stored and exported as these English codes (like the CSV's "dk"); pages, slides and reports
# translate them for their reader.
EMAIL_HIDDEN = N_("[e-mail hidden]")
PHONE_HIDDEN = N_("[phone hidden]")
# What mask() wrote before (Bokmål), still in workshop quotes picked then.
_EARLIER = {"[e-post skjult]": EMAIL_HIDDEN, "[telefon skjult]": PHONE_HIDDEN}


def mask(text: str) -> str:
    """Hide e-mail addresses and phone numbers (8 digits or more) in a comment."""
    text = EMAIL.sub(EMAIL_HIDDEN, text)
    return PHONE.sub(lambda m: PHONE_HIDDEN if sum(c.isdigit() for c in m.group()) >= 8 else m.group(), text)


def in_language(text: str, gettext: Callable[[str], str]) -> str:
    """A masked comment with its placeholders in the reader's language."""
    for earlier, code in _EARLIER.items():
        text = text.replace(earlier, code)
    return text.replace(EMAIL_HIDDEN, gettext(EMAIL_HIDDEN)).replace(PHONE_HIDDEN, gettext(PHONE_HIDDEN))
