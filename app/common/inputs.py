"""ASGI middleware that keeps control characters out of the app, whichever way they come.

- A path holding one names nothing: 404.
- Query strings and url-encoded forms: control characters are stripped (tabs and line breaks
  stay), so a resident who pasted text with an invisible NUL loses only that character.
- JSON bodies: refused with 422, naming each field, because an API client should know that what
  it sent is not what would be stored.
PostgreSQL refuses NUL in text and a lone surrogate cannot be encoded, so without this a single
character answered 500 and a resident's draft holding one could never be sent.
"""

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.common.text import clean_text, has_control

CONTROL_MESSAGE = "Control characters (such as NUL) are not allowed."
# In valid JSON a control character can only come as an escape (\u0000), or raw as DEL or a C1
# character; a body without these needs no parsing here (the submit path sends thousands a second).
_MAYBE_CONTROL = re.compile(r"\\u|[\x7f-\x9f]")


def _clean_pairs(raw: str) -> str | None:
    """The url-encoded pairs with control characters stripped, or None when there were none."""
    pairs = parse_qsl(raw, keep_blank_values=True, errors="replace")
    if not any(has_control(k) or has_control(v) for k, v in pairs):
        return None
    return urlencode([(clean_text(k), clean_text(v)) for k, v in pairs])


def _json_control_fields(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return []  # not JSON: the app says so in its own words
    return control_fields(data)


def control_fields(value: Any, where: str = "") -> list[str]:
    """The JSON paths of every key or string that holds a control character."""
    found: list[str] = []
    if isinstance(value, str):
        if has_control(value):
            found.append(where or "body")
    elif isinstance(value, dict):
        for k, v in value.items():
            path = f"{where}.{k}" if where else str(k)
            if has_control(str(k)):
                found.append(clean_text(path))
            else:
                found += control_fields(v, path)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += control_fields(v, f"{where}.{i}" if where else str(i))
    return found


class CleanInput:
    """Strip control characters from query strings and forms; refuse them in paths and JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if has_control(scope["path"]):
            await _answer(send, 404, "not_found", "Page not found")
            return
        query = scope.get("query_string", b"").decode("latin-1")
        cleaned = _clean_pairs(query) if "%" in query or has_control(query) else None
        if cleaned is not None:
            scope = {**scope, "query_string": cleaned.encode("ascii")}
        kind = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
        if scope["method"] in ("GET", "HEAD", "OPTIONS") or kind not in (
                b"application/x-www-form-urlencoded", b"application/json") and not kind.endswith(b"+json"):
            await self.app(scope, receive, send)
            return
        body = await _read(receive)
        if kind == b"application/x-www-form-urlencoded":
            cleaned = _clean_pairs(body.decode("utf-8", errors="replace"))
            if cleaned is not None:
                body = cleaned.encode("ascii")
                scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"content-length"]
                         + [(b"content-length", str(len(body)).encode())]}
        else:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:  # the app would answer 400; bad input answers 422
                await _answer(send, 422, "invalid", "The request has invalid fields.",
                              [{"field": "body", "message": "The body is not valid JSON."}])
                return
            fields = _json_control_fields(text) if _MAYBE_CONTROL.search(text) else []
            if fields:
                await _answer(send, 422, "invalid", "The request has invalid fields.",
                              [{"field": f, "message": CONTROL_MESSAGE} for f in fields])
                return
        await self.app(scope, _replay(body, receive), send)


async def _read(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect as usual

    return replay


async def _answer(send: Send, status: int, code: str, message: str,
                  errors: list[dict[str, str]] | None = None) -> None:
    body: dict[str, Any] = {"error": code, "message": message}
    if errors:
        body["errors"] = errors
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
