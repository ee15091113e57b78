"""Secrets: random tokens and their one-way hashes."""

import hashlib
import hmac
import secrets


def new_token() -> str:
    """A fresh random token, safe to put in a URL or header."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 of a token; tokens are random, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare a secret from a request with the expected one in constant time; any text at all
    may come in (hmac.compare_digest refuses non-ASCII str with a TypeError, which was a 500)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))
