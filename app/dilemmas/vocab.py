"""Limits and fixed words of dilemma training; labels are msgids translated at render time."""

from app.i18n import N_

TITLE_MAX = 200
GROUP_MAX = 60  # characters in a group's name
GROUPS_MAX = 12
TEXT_MAX = 1000  # conflicts and win-win, each
PRINCIPLE_MAX = 500
PRINCIPLES_MAX = 30
EFFECTS: dict[str, str] = {"+": N_("Positive (+)"), "-": N_("Negative (−)")}
EXAMPLE_NOTE = N_("Example scenario written for Medvirk in our own words, not official content. "
                  "Replace it with your own or the official material.")
