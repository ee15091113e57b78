"""Answering: submissions through the API and the resident pages, drafts and offline sync."""
