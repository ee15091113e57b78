"""TestClient for the suite: Starlette's, with requests run on an event loop in the test's own thread.

Starlette's TestClient runs every request on an event loop in another thread and hands each step
across (a new thread and loop per request when it is not used as a context manager). That hand-off
was two thirds of a request's time in the suite. This client builds the same ASGI scope and runs the
real app, middleware and routes on one loop kept per client; cookies, redirects and lifespan
(`with TestClient(app)`) are Starlette's own."""

import asyncio
import threading
import weakref
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import unquote

import httpx
from starlette.testclient import TestClient as StarletteClient
from starlette.types import ASGIApp, Message

T = TypeVar("T")


def run_to_end(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run(make())`; on a thread of its own when a loop already runs in this one (a worker
    that ran browser tests holds Playwright's sync loop in its main thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def call(app: ASGIApp, scope: dict[str, Any], body: bytes, started: dict[str, Any],
               chunks: list[bytes]) -> None:
    """One request into the ASGI app, its whole body at once; fills `started` (status_code, headers)
    and `chunks` (the response body)."""
    done = asyncio.Event()
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await done.wait()  # the client stays until the response is complete
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            started.update(status_code=message["status"],
                           headers=[(k.decode(), v.decode()) for k, v in message.get("headers", [])])
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                done.set()

    await app(scope, receive, send)


class _SameThreadTransport(httpx.BaseTransport):
    """Runs each request to the end on this client's loop and returns the whole response."""

    def __init__(self, app: ASGIApp, raise_server_exceptions: bool, client: tuple[str, int],
                 app_state: dict[str, Any]) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.client = client
        self.app_state = app_state
        self.local = threading.local()  # a loop per thread: some tests send from several at once
        self.helper: ThreadPoolExecutor | None = None

    def _loop(self) -> asyncio.AbstractEventLoop:
        loop = getattr(self.local, "loop", None)
        if loop is None:
            loop = self.local.loop = asyncio.new_event_loop()
            weakref.finalize(self.local, loop.close)  # closed with the thread's or the client's end
        return loop

    def _run(self, run: Callable[[], Coroutine[Any, Any, None]]) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self._loop().run_until_complete(run())
            return
        # A loop already runs in this thread (Playwright's sync API in the browser tests): use a
        # thread of this client's own.
        if self.helper is None:
            self.helper = ThreadPoolExecutor(max_workers=1)
            weakref.finalize(self, self.helper.shutdown, wait=False)
        self.helper.submit(lambda: self._loop().run_until_complete(run())).result()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        headers = [(key.lower().encode(), value.encode()) for key, value in request.headers.multi_items()]
        scope = {
            "type": "http", "http_version": "1.1", "method": request.method, "scheme": url.scheme,
            "path": unquote(url.path), "raw_path": url.raw_path.split(b"?", 1)[0], "root_path": "",
            "query_string": url.query, "headers": headers, "client": self.client,
            "server": [url.host, url.port or {"https": 443}.get(url.scheme, 80)],
            "extensions": {"http.response.debug": {}}, "state": self.app_state.copy(),
        }
        body = request.read()
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def run() -> None:
            await call(self.app, scope, body, started, chunks)

        try:
            self._run(run)
        except Exception:
            if self.raise_server_exceptions:
                raise
            if not started:
                started.update(status_code=500, headers=[])
        if not started:
            raise AssertionError("TestClient did not receive any response.")
        return httpx.Response(**started, content=b"".join(chunks), request=request)


class TestClient(StarletteClient):
    """Starlette's TestClient over the same-thread transport."""

    __test__ = False

    def __init__(self, app: ASGIApp, *args: Any, raise_server_exceptions: bool = True,
                 client: tuple[str, int] = ("testclient", 50000), **kwargs: Any) -> None:
        super().__init__(app, *args, raise_server_exceptions=raise_server_exceptions, client=client, **kwargs)
        self._transport = _SameThreadTransport(self.app, raise_server_exceptions, client, self.app_state)
