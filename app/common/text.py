"""Text and numbers from outside: control characters out, digits read as ASCII only.

PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded as UTF-8, so either one
reaching the database would answer 500. `str.isdigit()` accepts "²" and "٣", which `int()` then
refuses or reads differently from what the person saw; numbers here are plain 0-9 only.
"""

import re

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_DIGITS = re.compile(r"[0-9]+")
# Beyond this an id names nothing: PostgreSQL's integer columns end at 2^31 - 1.
MAX_ID = 2**31 - 1


def has_control(value: str) -> bool:
    """Whether the text holds a character that must never be stored."""
    return _CONTROL.search(value) is not None


def clean_text(value: str) -> str:
    """The text without control characters or lone surrogates (tabs and line breaks stay)."""
    return _CONTROL.sub("", value)


def is_digits(value: str) -> bool:
    """Whether the text is one or more ASCII digits, nothing else (no "²", no "٣", no sign)."""
    return _DIGITS.fullmatch(value) is not None


def ascii_int(value: object, default: int | None = None, maximum: int | None = None) -> int | None:
    """The whole number written in ASCII digits (surrounding spaces allowed), else `default`;
    a number above `maximum` is `default` too."""
    text = str(value).strip() if value is not None else ""
    if not is_digits(text) or len(text) > 30:
        return default
    number = int(text)
    return default if maximum is not None and number > maximum else number


def id_or_none(value: object) -> int | None:
    """A database id written in ASCII digits, or None when it cannot name a row."""
    number = ascii_int(value, maximum=MAX_ID)
    return number if number else None


# A spreadsheet runs a cell as a formula when it starts with one of these, also after spaces
# (" =1+1"), and some read the full-width forms the same way.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_BLANKS = " \t\r\n\u00a0\u202f\u205f\u3000\ufeff" + "".join(chr(c) for c in range(0x2000, 0x200C))


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r\n" or value.lstrip(_BLANKS)[:1] in _FORMULA_START:
        return "'" + value
    return value
