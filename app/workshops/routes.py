"""All routes of the workshops domain, as one router for app.main."""


from app.web.routing import Router
from app.workshops.routes_phone import router as phone_router
from app.workshops.routes_present import router as present_router
from app.workshops.routes_staff import router as staff_router

router = Router()
router.include_router(present_router)
router.include_router(staff_router)
router.include_router(phone_router)
