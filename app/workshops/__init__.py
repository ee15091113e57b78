"""Politisk verksted: prepare a workshop from the results, present it, collect priorities, report."""
