"""Campaigns: one run of a survey for one or more areas."""
