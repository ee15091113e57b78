"""All routes of Bærekrafthjelperen as one router (app.main checks the content files at start-up)."""


from app.sustainability.routes_docs import router as docs_router
from app.sustainability.routes_funding import router as funding_router
from app.sustainability.routes_worksheets import router as worksheets_router
from app.web.routing import Router

router = Router()
router.include_router(funding_router)  # first: /staff/sustainability/funding is not a worksheet
router.include_router(docs_router)
router.include_router(worksheets_router)
