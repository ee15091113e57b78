"""The fixed choices of a worksheet; labels are msgids translated at render time."""

from app.i18n import N_

# How a matter affects a theme. The summary depends on these keys, so they are code, not content.
CHOICES: dict[str, str] = {
    "positive": N_("Positive"),
    "neutral": N_("Neutral"),
    "negative": N_("Negative"),
    "not_assessed": N_("Not assessed"),
    "not_relevant": N_("Not relevant"),
}
# A worksheet's plan level as a step of the outcome register's rød tråd.
PLAN_STEP_OF: dict[str, str] = {
    "kunnskapsgrunnlag": "kunnskapsgrunnlag", "planstrategi": "planstrategi", "samfunnsdel": "samfunnsdel",
    "arealplanlegging": "arealdel", "handlingsplan": "handlingsplan", "saksbehandling": "saksbehandling",
}
NAME_MAX = 200
CASE_MAX = 40
REASON_MAX = 2000
DEADLINE_MAX = 200
DESCRIPTION_MAX = 2000
URL_MAX = 500
QUERY_MAX = 100
