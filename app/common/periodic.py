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
    """Start each job in a background thread at most once per its period (seconds), per process.

    One middleware for every job: each layer of middleware costs every request a little.
    """

    def __init__(self, app: ASGIApp, jobs: list[tuple[Callable[[], Any], float]]) -> None:
        self.app = app
        self._jobs = [_Job(job, every) for job, every in jobs]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            now = time.monotonic()
            for job in self._jobs:
                if now >= job.next:
                    job.start()
        await self.app(scope, receive, send)


class _Job:
    """One housekeeping job and the earliest time it may start again in this process."""

    def __init__(self, job: Callable[[], Any], every: float) -> None:
        self.job, self.every = job, every
        self.next = 0.0
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if time.monotonic() < self.next:
                return
            self.next = time.monotonic() + self.every
        threading.Thread(target=self._run, name="medvirk-housekeeping", daemon=True).start()

    def _run(self) -> None:
        try:
            done = self.job()
            if done is not None:
                LOG.info("housekeeping %s: %s", getattr(self.job, "__name__", "job"), done)
        except Exception:  # a failed run is tried again next time; it must never touch requests
            LOG.exception("housekeeping failed")
