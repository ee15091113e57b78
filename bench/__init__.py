"""Load and scale measurements: figures and ratios against a baseline, never pass/fail."""
