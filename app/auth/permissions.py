"""The permission matrix: which role may do what. Every check in the app goes through `allowed`."""

from app.auth import ROLES

ADMIN, FACILITATOR, ANALYST = ROLES
EVERY_ROLE = frozenset(ROLES)

# action -> roles allowed. Organisation boundaries are checked separately (same_organisation).
MATRIX: dict[str, frozenset[str]] = {
    "staff.home": EVERY_ROLE,
    "users.manage": frozenset({ADMIN}),
    "sessions.revoke": frozenset({ADMIN}),
    "campaigns.view": EVERY_ROLE,
    "campaigns.create": frozenset({ADMIN, FACILITATOR}),
    "campaigns.edit": frozenset({ADMIN, FACILITATOR}),
    "outreach.manage": frozenset({ADMIN, FACILITATOR}),
    "invitations.create": frozenset({ADMIN, FACILITATOR}),
    "fieldwork.record": frozenset({ADMIN, FACILITATOR}),
    "paper.enter": frozenset({ADMIN, FACILITATOR}),
    "results.view": EVERY_ROLE,
    "results.export": frozenset({ADMIN, ANALYST, FACILITATOR}),
    "population.upload": frozenset({ADMIN, ANALYST}),
    "comments.moderate": frozenset({ADMIN, ANALYST, FACILITATOR}),
    "boards.manage": frozenset({ADMIN, FACILITATOR}),
    "ideas.moderate": frozenset({ADMIN, FACILITATOR}),
    "workshops.manage": frozenset({ADMIN, FACILITATOR}),
    "tokens.manage": frozenset({ADMIN}),
    "responses.delete": frozenset({ADMIN, FACILITATOR}),
    "campaigns.delete": frozenset({ADMIN}),
    "outcomes.view": EVERY_ROLE,
    "outcomes.manage": frozenset({ADMIN, FACILITATOR}),
    "units.manage": frozenset({ADMIN}),
    "sustainability.view": EVERY_ROLE,
    "sustainability.manage": frozenset({ADMIN, FACILITATOR}),
    "funding.manage": frozenset({ADMIN}),
    "dilemmas.run": frozenset({ADMIN, FACILITATOR}),
    "classes.run": frozenset({ADMIN, FACILITATOR}),
    "organisation.brand": frozenset({ADMIN}),
}

# A response's mode -> the action that storing it takes. `survey` is a resident's own answer:
# anyone may send it, and a staff token adds no right to it (not even past an invitation code).
MODE_ACTIONS: dict[str, str] = {"walk": "fieldwork.record", "workshop": "fieldwork.record",
                                "paper": "paper.enter"}


def allowed(role: str, action: str) -> bool:
    """Whether a role may take an action; an unknown action is refused, never assumed."""
    return role in MATRIX.get(action, frozenset())
