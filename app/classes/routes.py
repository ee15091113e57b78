"""All routes of the class sessions, as one router for app.main."""

from fastapi import APIRouter

from app.classes.pages import router as staff_router
from app.classes.pupils import router as pupil_router

router = APIRouter()
router.include_router(staff_router)
router.include_router(pupil_router)
