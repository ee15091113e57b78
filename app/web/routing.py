"""Routers that turn away at once a path none of their routes could match, and whose plain-def
routes end their database sessions in their own thread."""

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from fastapi import APIRouter
from starlette.routing import BaseRoute, Match, get_route_path
from starlette.types import Scope

from app.db import end_route_sessions


class Router(APIRouter):
    """An APIRouter that knows how its routes' paths begin.

    FastAPI has no index: a request tries every included router in turn, and each router every
    route, with some bookkeeping per try; a staff page waited behind a hundred routes of other
    domains. This router answers "no match" for a path that begins with none of its routes'
    literal beginnings (the text before the first `{`), so the walk skips whole domains. Its
    plain-def routes end the request sessions they take in their own thread (`_ending_sessions`).
    """

    _starts: tuple[str, ...] | None = None

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _ending_sessions(endpoint)
        super().add_api_route(path, endpoint, **kwargs)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if self._starts is None:  # the first request: every route is in place by then
            self._starts = tuple(sorted(_literal_starts(self.routes)))
        if not get_route_path(scope).startswith(self._starts):
            return Match.NONE, {}
        return super().matches(scope)


def _literal_starts(routes: list[BaseRoute]) -> set[str]:
    """How the paths of these routes (and of the routers included among them) begin."""
    starts: set[str] = set()
    for route in routes:
        included: Any = getattr(route, "original_router", None)  # FastAPI keeps includes nested
        if included is not None:
            prefix = getattr(getattr(route, "include_context", None), "prefix", "")
            starts |= {prefix + start for start in _literal_starts(included.routes)}
        else:  # a route without a path (a host) could match anything
            starts.add(str(getattr(route, "path", "")).split("{", 1)[0])
    return starts


def _ending_sessions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The route, then the end of the sessions it was given (commit or roll back), in the same
    thread: FastAPI would otherwise hand each session's end to another thread. FastAPI reads the
    route's parameters through the wrapper (functools.wraps)."""

    @wraps(endpoint)
    def route(**arguments: Any) -> Any:
        try:
            result = endpoint(**arguments)
        except BaseException as exc:
            end_route_sessions(arguments, exc)
            raise
        end_route_sessions(arguments, None)
        return result

    return route
