"""Small tests that pin how the code touches the database (issue 10's "one rule for every request")."""

import ast
import inspect
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from app.db import read_session, write_session
from app.main import app

pytestmark = pytest.mark.any_database  # reads the code, not the database

APP = Path(__file__).resolve().parent.parent / "app"
# Modules that build HTTP answers for routes (dependencies, page helpers, slide and report
# layout): they may raise HTTP errors and render templates. Every other module without a router
# is a service, and a service reports problems with app.common.errors and returns data.
WEB_LAYER = {"deps.py", "web.py", "view.py", "access.py", "deck.py", "report.py", "templating.py",
             "security.py", "errors.py", "limits.py", "main.py", "static.py"}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(APP.rglob("*.py"))]


def _walk(routes) -> list[APIRoute]:  # type: ignore[no-untyped-def]
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # an included router (FastAPI keeps them nested)
            found += _walk(route.original_router.routes)
    return found


def _our_routes() -> list[APIRoute]:
    routes = [r for r in _walk(app.routes) if r.endpoint.__module__.startswith("app.")]
    assert len(routes) > 100, "the walk must reach every domain's routes"
    return routes


def _dependency_calls(dependant) -> set:  # type: ignore[no-untyped-def]
    calls = set()
    for sub in dependant.dependencies:
        calls.add(sub.call)
        calls |= _dependency_calls(sub)
    return calls


def test_every_route_is_a_plain_def():
    """Blocking database work never runs on the event loop: routes run in the thread pool."""
    asynchronous = [f"{r.endpoint.__module__}.{r.endpoint.__name__}" for r in _our_routes()
                    if inspect.iscoroutinefunction(r.endpoint)]
    assert asynchronous == []


def test_no_async_endpoint_or_dependency_takes_a_session():
    offenders = []
    for route in _our_routes():
        calls = _dependency_calls(route.dependant) | {route.endpoint}
        takes_session = read_session in calls or write_session in calls
        async_parts = [c for c in calls if inspect.iscoroutinefunction(c)]
        if takes_session and inspect.iscoroutinefunction(route.endpoint):
            offenders.append(route.path)
        offenders += [f"{route.path}: {c.__name__}" for c in async_parts
                      if "session" in inspect.signature(c).parameters]
    assert offenders == []


def test_get_routes_never_write():
    """A GET may read; it never declares a WriteSession."""
    writers = [r.path for r in _our_routes()
               if r.methods & {"GET", "HEAD"} and write_session in _dependency_calls(r.dependant)]
    assert writers == []


def test_commit_only_in_the_unit_of_work():
    commits = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "commit"):
                commits.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert commits == ["db.py:" + str(_line_of("db.py", "session.commit()"))]


def test_rollback_only_in_the_unit_of_work():
    """Services undo a failed insert with a savepoint, never by rolling back the whole use case."""
    rollbacks = [f"{p.relative_to(APP)}:{n.lineno}" for p, tree in _modules() for n in ast.walk(tree)
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                 and n.func.attr == "rollback" and p.name != "db.py"]
    assert rollbacks == []


def test_services_raise_no_http_errors_and_render_nothing():
    offenders = []
    for path, tree in _modules():
        if path.name in WEB_LAYER or path.parent.name in ("models", "web") or _has_router(tree):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {a.name for a in node.names}
                if node.module == "app.web.templating" or (
                        node.module.startswith(("fastapi", "starlette")) and "HTTPException" in names):
                    offenders.append(f"{path.relative_to(APP)}: imports {node.module}")
    assert offenders == []


def _has_router(tree: ast.Module) -> bool:
    """Whether the module makes a router (app.web.routing.Router, an APIRouter)."""
    return any(isinstance(n, ast.Name) and n.id in ("Router", "APIRouter") for n in ast.walk(tree))


def _line_of(name: str, text: str) -> int:
    lines = (APP / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)
