"""Staff identity: users, roles, passwords and API tokens."""

ROLES = ("admin", "facilitator", "analyst")
