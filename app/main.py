"""The FastAPI application: middleware, error handlers, health checks and every domain's routes."""

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi_offline import FastAPIOffline
from sqlalchemy import exc, text
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES

from app.admin.staff_router import router as staff_router
from app.auth.routes import router as auth_router
from app.auth.web import LoginRequired
from app.campaigns.routes import router as campaigns_router
from app.classes.routes import router as classes_router
from app.common import errors, logfilter
from app.common.inputs import CleanInput
from app.common.limits import BodyLimit
from app.common.periodic import Periodic
from app.config import get_settings
from app.db import ReadSession
from app.dilemmas import scenarios
from app.dilemmas.routes import router as dilemmas_router
from app.ideas.routes import router as ideas_router
from app.ops import migrations
from app.ops.checks import startup_problems
from app.ops.logs import AccessLog
from app.outcomes.routes import router as outcomes_router
from app.responses import drafts
from app.responses.pages import router as resident_router
from app.responses.routes import router as responses_router
from app.results import disclosure
from app.results.pages import router as results_pages_router
from app.results.routes import router as results_router
from app.surveys.routes import router as surveys_router
from app.sustainability.content import ContentError
from app.sustainability.content import check_all as check_toolbox
from app.sustainability.routes import router as sustainability_router
from app.web.routes import router as web_router
from app.web.security import SecurityHeaders
from app.web.static import router as static_router
from app.web.templating import error_page
from app.workshops.routes import router as workshops_router

OFFICE = "application/vnd.openxmlformats-officedocument."
# A request tries the routers in this order; each turns away at once a path none of its routes
# begin like (app/web/routing.py), and the busiest come first: the submit route, then the resident
# pages (/k/...). No earlier router serves /k/.
ROUTERS = [responses_router, resident_router, web_router, static_router, surveys_router, campaigns_router,
           auth_router, staff_router, ideas_router, results_router, results_pages_router,
           workshops_router, outcomes_router, classes_router, sustainability_router, dilemmas_router]


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Refuse to serve a production configuration that would lose data or break behind a balancer."""
    problems = startup_problems(get_settings())
    if problems:
        for problem in problems:
            logging.getLogger("medvirk").error("Refusing to start (MEDVIRK_ENV=production): %s", problem)
        raise RuntimeError("Refusing to start (MEDVIRK_ENV=production): " + " ".join(problems))
    # Routes run in as many threads as the pool has connections (anyio's default is 40): a thread
    # more would only wait for a connection, and every runnable thread makes the others wait longer
    # for Python's lock (a theme page under 50 clients: 430 -> 490 requests/s, bench/pages.py).
    settings = get_settings()
    connections = settings.db_pool_size + settings.db_max_overflow
    if settings.db_pool_size > 0 and settings.db_max_overflow >= 0:  # not an unbounded pool
        to_thread.current_default_thread_limiter().total_tokens = connections
    try:  # content files are read once, here: a broken one stops start-up, naming file, field and problem
        check_toolbox()
        scenarios.load_all()
    except (ContentError, scenarios.ScenarioError) as exc:
        logging.getLogger("medvirk").error("Refusing to start: broken toolbox file:\n%s", exc)
        raise
    yield


def create_app() -> FastAPI:
    """Build the app; nothing here touches the database until a request comes."""
    # FastAPIOffline serves Swagger UI from the installed package: no CDN at run time.
    app: FastAPI = FastAPIOffline(
        title="Medvirk",
        version="1",
        summary="Participation platform for Norwegian municipalities: public JSON API v1.",
        lifespan=lifespan,
    )
    errors.install(app, html_page=error_page)
    app.add_middleware(CleanInput)  # innermost: control characters never reach a route or the database
    jobs: list[tuple[Callable[[], Any], float]] = [(drafts.purge_if_due, 3600)]  # claims its day
    if get_settings().release_every_seconds:  # public results move on in batches of at least k
        jobs.append((disclosure.cut_due, get_settings().release_every_seconds))
    app.add_middleware(Periodic, jobs=jobs)
    logfilter.install()  # plain `uvicorn` logs paths: hide resume tokens and codes
    # Office files are zip archives already: compressing them again only delays their first bytes.
    app.add_middleware(GZipMiddleware, minimum_size=500, exclude_content_types=(
        *DEFAULT_EXCLUDED_CONTENT_TYPES, OFFICE + "spreadsheetml.sheet",
        OFFICE + "wordprocessingml.document"))
    app.add_middleware(BodyLimit, max_bytes=get_settings().max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)  # outermost: it times and logs every answer, errors included

    @app.exception_handler(LoginRequired)
    async def _login(_req: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/staff/login?next={quote(exc.next_path)}", status_code=303)

    @app.get("/healthz", tags=["health"])
    def healthz(session: ReadSession) -> dict[str, str]:
        """`ok` when the process and its database answer (liveness)."""
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], response_model=None)
    def readyz(session: ReadSession) -> dict[str, str] | JSONResponse:
        """`ready` when the database answers and is migrated to this code's head; 503 otherwise."""
        try:
            found = migrations.current(session.connection())
        except exc.DBAPIError:
            return JSONResponse({"status": "not ready", "reason": "database unreachable"}, status_code=503)
        if found != migrations.heads():
            return JSONResponse({"status": "not ready", "reason": "migrations not at head",
                                 "database": ",".join(sorted(found)) or "empty",
                                 "code": ",".join(sorted(migrations.heads()))}, status_code=503)
        return {"status": "ready"}

    for router in ROUTERS:
        app.include_router(router)
    return app


app = create_app()
