"""Dilemmatrening: a facilitated tabletop from a scenario file, groups on phones, a report."""
