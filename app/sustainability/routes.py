"""All routes of Bærekrafthjelperen as one router for app.main; a broken toolbox file stops start-up."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter

from app.sustainability.content import check_all
from app.sustainability.routes_docs import router as docs_router
from app.sustainability.routes_funding import router as funding_router
from app.sustainability.routes_worksheets import router as worksheets_router


@asynccontextmanager
async def check_content(_app: Any) -> AsyncIterator[None]:
    """Load every worksheet and the funding starter list before serving (a ContentError names file,
    field and problem), as a broken survey definition stops `medvirk setup`."""
    check_all()
    yield


router = APIRouter(lifespan=check_content)
router.include_router(funding_router)  # first: /staff/sustainability/funding is not a worksheet
router.include_router(docs_router)
router.include_router(worksheets_router)
