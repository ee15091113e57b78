"""Every route of the ideas domain, as one router for app.main."""


from app.ideas.routes_api import router as api_router
from app.ideas.routes_public import router as public_router
from app.ideas.routes_screen import router as screen_router
from app.ideas.routes_staff import router as staff_router
from app.web.routing import Router

router = Router()
router.include_router(public_router)
router.include_router(screen_router)
router.include_router(staff_router)
router.include_router(api_router)
