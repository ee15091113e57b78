"""Security headers on every response, and CSRF tokens that work without JavaScript."""

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.common.security import same_secret
from app.config import get_settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
# Swagger UI at /docs needs an inline bootstrap script; only those pages get this policy.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")
DOCS_PATHS = ("/docs", "/redoc")
CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf"


def _private(scope: Scope) -> bool:
    """Staff pages and exports, and anything asked for with a token: never kept in a cache."""
    if scope["path"] == "/staff" or scope["path"].startswith("/staff/"):
        return True
    return any(name == b"authorization" for name, _ in scope.get("headers", []))


def _hsts() -> bytes | None:
    settings = get_settings()
    if settings.hsts_seconds <= 0 or not settings.base_url.startswith("https://"):
        return None
    return f"max-age={settings.hsts_seconds}".encode()


class SecurityHeaders:
    """Add CSP, nosniff, frame and referrer headers to every HTTP response; `no-store` on staff
    pages, exports and token requests; HSTS when the site is served over https."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else CSP
        state = scope.setdefault("state", {})
        private, hsts = _private(scope), _hsts()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                headers += state.get(_LATE_COOKIES, [])
                if private:  # replaces any caching the route allowed
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                if hsts is not None:
                    headers.append((b"strict-transport-security", hsts))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


_LATE_COOKIES = "late_cookies"


def set_cookie_later(request: Request, key: str, value: str, **options: object) -> None:
    """Send a cookie with whatever response this request ends in (for dependencies, which
    do not build the response)."""
    carrier = Response()
    carrier.set_cookie(key, value, **options)  # type: ignore[arg-type]
    late = request.scope.setdefault("state", {}).setdefault(_LATE_COOKIES, [])
    late += [(k, v) for k, v in carrier.raw_headers if k == b"set-cookie"]


def _sign(value: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def csrf_seed(request: Request) -> str:
    """The browser's CSRF cookie value, made now if it has none (render() sets the cookie)."""
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_seed", None)
    if not seed:
        seed = secrets.token_urlsafe(16)
        request.state.csrf_seed = seed
    return seed


def csrf_token(request: Request) -> str:
    """The token a form must send back: a signature of the cookie, so a third site cannot forge it."""
    return _sign(csrf_seed(request))


async def verify_csrf(request: Request) -> None:
    """Dependency for form posts: 403 unless the form's token matches the cookie."""
    form = await request.form()
    seed = request.cookies.get(CSRF_COOKIE, "")
    sent = str(form.get(CSRF_FIELD, ""))
    if not seed or not same_secret(sent, _sign(seed)):
        raise HTTPException(403, "The form expired or came from elsewhere. Reload the page and try again.")
