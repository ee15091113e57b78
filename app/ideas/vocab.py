"""The fixed choices of the idea boards; labels are msgids translated at render time."""

from app.i18n import LANGUAGES, N_

PROPOSERS: dict[str, str] = {
    "resident": N_("Resident"),
    "organisation": N_("Organisation or club"),
    "business": N_("Business"),
    "politician": N_("Politician"),
    "staff": N_("Municipal staff"),
}
# Who can make it happen: the role split (rollefordeling) the bylab is about.
ACTORS: dict[str, str] = {
    "residents": N_("Residents themselves"),
    "municipality": N_("The municipality"),
    "developer": N_("A private developer"),
    "volunteers": N_("Volunteers"),
    "business": N_("Local business"),
    "together": N_("Together"),
}
STATUSES: dict[str, str] = {
    "new": N_("New"),
    "considering": N_("Being considered"),
    "planned": N_("Planned"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "rejected": N_("Not going ahead"),
}
MODERATION: dict[str, str] = {
    "post": N_("Show at once, moderate afterwards"),
    "pre": N_("Staff approve before anything shows"),
}
EVENT_KINDS: dict[str, str] = {
    "status": N_("Status changed"),
    "hidden": N_("Hidden by the municipality"),
    "shown": N_("Shown again"),
    "approved": N_("Approved"),
}

TITLE_MAX = 200
TEXT_MAX = 4000
PLACE_MAX = 200
NAME_MAX = 100
REASON_MAX = 500


def text_direction(code: str) -> str:
    """`rtl` or `ltr` for the language an idea or comment was written in."""
    lang = LANGUAGES.get(code)
    return "rtl" if lang and lang.rtl else "ltr"
