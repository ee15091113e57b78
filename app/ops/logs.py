"""Logs as text or as JSON lines. An access line names the route's pattern (`/k/{slug}/fortsett/{token}`),
never the path, query, client address or headers, so no resume token, invitation or workshop code,
bearer token or address reaches a log."""

import json
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings

ACCESS = logging.getLogger("medvirk.access")
FIELDS = ("method", "route", "status", "ms")
# A second net under the first: anything shaped like an address or a bearer token is blanked.
_SECRETS = re.compile(
    r"(?i)(bearer\s+)\S+"
    r"|\b(?:\d{1,3}\.){3}\d{1,3}\b"
    r"|\b(?:[0-9a-f]{1,4}:){5,7}[0-9a-f]{1,4}\b"
    r"|(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4})*::(?:[0-9a-f]{1,4}:?)*[0-9a-f]{0,4}(?![\w:])"
)


def _scrub(text: str) -> str:
    return _SECRETS.sub(lambda m: f"{m.group(1)}[hidden]" if m.group(1) else "[address]", text)


class TextFormatter(logging.Formatter):
    """One readable line a record, scrubbed."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(name)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # a copy: other handlers see the original
        record.msg, record.args = _scrub(record.getMessage()), None
        if record.exc_info:
            record.exc_text = _scrub(self.formatException(record.exc_info))
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a record: time (UTC), level, logger, message and the access fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": _scrub(record.getMessage()),
        }
        out.update({f: getattr(record, f) for f in FIELDS if hasattr(record, f)})
        if record.exc_info:
            out["error"] = _scrub(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False)


def logging_config(settings: Settings) -> dict[str, Any]:
    """A dictConfig for the server: our formatter everywhere, uvicorn's access log off (it logs
    client addresses and full paths) and ours on."""
    level = settings.log_level.upper()
    formatter = JsonFormatter if settings.log_format == "json" else TextFormatter
    handler = {"handlers": ["stderr"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                "formatter": "default"}},
        "loggers": {
            "uvicorn": handler,
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "medvirk": handler,
            "app": handler,
            "alembic": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


class AccessLog:
    """ASGI middleware: one line a request with method, route pattern, status and milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def _send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            route = getattr(scope.get("route"), "path", None) or "-"  # unmatched: the path may be a secret
            ms = round((time.perf_counter() - started) * 1000, 1)
            ACCESS.info("%s %s %s %.1f ms", scope["method"], route, status, ms,
                        extra={"method": scope["method"], "route": route, "status": status, "ms": ms})
