"""The fixed choices of the outcome register; labels are msgids translated at render time."""

from app.i18n import N_
from app.workshops.vocab import PLANS

PLAN_STEPS = PLANS  # the ten steps of the rød tråd, one list with the workshops'
# Levels of change (seed 002): efficiency, changed practice, system change.
LEVELS: dict[str, str] = {
    "I": N_("Level I: more efficient within today's structures"),
    "II": N_("Level II: a changed way of working"),
    "III": N_("Level III: system change"),
}
STATUSES: dict[str, str] = {
    "proposed": N_("Proposed"),
    "decided": N_("Decided"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "not_done": N_("Not done"),
}
OPEN_STATUSES = ("proposed", "decided", "in_progress")
SOURCE_KINDS: dict[str, str] = {
    "theme": N_("Theme"),
    "area": N_("Area"),
    "comment": N_("Comment"),
    "idea": N_("Idea"),
}
# An idea's status on the board, as a register status.
IDEA_STATUS: dict[str, str] = {
    "new": "proposed", "considering": "proposed", "planned": "decided",
    "in_progress": "in_progress", "done": "done", "rejected": "not_done",
}
TITLE_MAX = 200
TEXT_MAX = 4000
CASE_MAX = 40
URL_MAX = 500
NAME_MAX = 200
