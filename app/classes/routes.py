"""All routes of the class sessions, as one router for app.main."""


from app.classes.pages import router as staff_router
from app.classes.pupils import router as pupil_router
from app.web.routing import Router

router = Router()
router.include_router(staff_router)
router.include_router(pupil_router)
