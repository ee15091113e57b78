"""Low-level helpers that import no domain package."""
