"""All routes of the outcome register, as one router for app.main."""


from app.outcomes.routes_carry import router as carry_router
from app.outcomes.routes_docs import router as docs_router
from app.outcomes.routes_public import router as public_router
from app.outcomes.routes_staff import router as staff_router
from app.outcomes.routes_units import router as units_router
from app.web.routing import Router

router = Router()
router.include_router(units_router)  # first: /staff/outcomes/units before /staff/outcomes/{id}
router.include_router(docs_router)
router.include_router(carry_router)
router.include_router(staff_router)
router.include_router(public_router)
