"""Medvirk: participation platform for Norwegian municipalities."""
