"""Bylab: idea boards where residents, groups, business and the municipality agree who does what."""
