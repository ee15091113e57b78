"""Class sessions: a teacher opens a campaign for a class with a short code; pupils need no account."""
