"""All routes of the dilemmas domain, as one router for app.main."""


from app.dilemmas.routes_phone import router as phone_router
from app.dilemmas.routes_present import router as present_router
from app.dilemmas.routes_staff import router as staff_router
from app.web.routing import Router

router = Router()
router.include_router(present_router)
router.include_router(staff_router)
router.include_router(phone_router)
