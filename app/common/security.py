"""Secrets: random tokens and their one-way hashes."""

import hashlib
import secrets


def new_token() -> str:
    """A fresh random token, safe to put in a URL or header."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 of a token; tokens are random, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()
