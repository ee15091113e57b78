"""The fixed choices of a workshop; labels are msgids translated at render time."""

from app.i18n import N_

COMPARISONS: dict[str, str] = {
    "area": N_("Area against area"),
    "round": N_("Round against round"),
    "group": N_("Group against group"),
}
# The municipal plan system, so the thread from residents to decisions can be followed.
# The ten steps of the rød tråd through the municipal plan system (seed 004); the outcome register
# uses the same list, so a workshop's outcome keeps its step in the register.
PLANS: dict[str, str] = {
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
OUTCOME_KINDS: dict[str, str] = {
    "priority": N_("Priority"),
    "action": N_("Action"),
}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
CODE_LENGTH = 10  # 32^10 = 2^50 codes: not guessable at the lookup rate allowed
POINTS_MIN, POINTS_MAX = 1, 30
TITLE_MAX = 200
COMMENT_MAX = 300
TEXT_MAX = 500
METHOD_MAX = 4000
QUOTES_PER_THEME = 8

