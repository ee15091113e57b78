"""ASGI middleware that runs a housekeeping job now and then, on the back of ordinary requests.

Each worker process tries at most once per `every` seconds, in a thread of its own, so no request
waits for it. The job decides itself whether it is due (the draft purge claims its day in the
database), so with any number of workers and hosts it still runs once a day.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

LOG = logging.getLogger("medvirk.housekeeping")


class Periodic:
    """Start `job` in a background thread at most once per `every` seconds per process."""

    def __init__(self, app: ASGIApp, job: Callable[[], Any], every: float = 3600) -> None:
        self.app, self.job, self.every = app, job, every
        self._next = 0.0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and time.monotonic() >= self._next:
            self._start()
        await self.app(scope, receive, send)

    def _start(self) -> None:
        with self._lock:
            if time.monotonic() < self._next:
                return
            self._next = time.monotonic() + self.every
        threading.Thread(target=self._run, name="medvirk-housekeeping", daemon=True).start()

    def _run(self) -> None:
        try:
            done = self.job()
            if done is not None:
                LOG.info("housekeeping %s: %s", getattr(self.job, "__name__", "job"), done)
        except Exception:  # a failed run is tried again next time; it must never touch requests
            LOG.exception("housekeeping failed")
