"""The fixed choices of the outcome register; labels are msgids translated at render time."""


def N_(text: str) -> str:
    """Mark a string for extraction; translated later with the reader's language."""
    return text


# The ten steps of the rød tråd through the municipal plan system (seed 004, Bærekrafthjelperen).
PLAN_STEPS: dict[str, str] = {
    "kunnskapsgrunnlag": N_("Knowledge base (kunnskapsgrunnlag)"),
    "planstrategi": N_("Planning strategy (planstrategi)"),
    "samfunnsdel": N_("Municipal master plan, social element (kommuneplanens samfunnsdel)"),
    "handlingsplan": N_("Action and economic plan (handlings- og økonomiplan)"),
    "arealdel": N_("Municipal master plan, land-use element (arealdel)"),
    "reguleringsplan": N_("Zoning plan (reguleringsplan)"),
    "temaplan": N_("Thematic plan (temaplan)"),
    "virksomhetsplan": N_("Unit plans (virksomhetsplaner)"),
    "arsmelding": N_("Reporting and annual report (rapportering/årsmelding)"),
    "saksbehandling": N_("Case handling (saksbehandling)"),
}
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
