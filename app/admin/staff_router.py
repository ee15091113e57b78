"""Every staff page router, gathered so app/main.py includes the staff side in one line."""


from app.admin.archive_routes import router as archive_router
from app.admin.audit_routes import router as audit_router
from app.admin.branding_routes import router as branding_router
from app.admin.content_routes import router as content_router
from app.admin.dashboard_routes import router as dashboard_router
from app.admin.deletion import router as deletion_router
from app.admin.letters import router as letters_router
from app.admin.moderation_routes import router as moderation_router
from app.admin.password import router as password_router
from app.admin.results_report import router as results_report_router
from app.admin.routes import router as admin_router
from app.admin.superadmin import router as superadmin_router
from app.admin.tokens import router as tokens_router
from app.campaigns.outreach import router as outreach_router
from app.campaigns.pages import router as campaign_pages_router
from app.fieldwork.api import router as field_api_router
from app.fieldwork.notes_export import router as field_notes_router
from app.fieldwork.pages import router as field_router
from app.fieldwork.paper import router as paper_router
from app.web.routing import Router

router = Router()
for part in (
    dashboard_router,
    admin_router,
    tokens_router,
    deletion_router,
    archive_router,
    content_router,
    audit_router,
    branding_router,
    moderation_router,
    letters_router,
    results_report_router,
    superadmin_router,
    password_router,
    campaign_pages_router,
    outreach_router,
    field_router,
    field_api_router,
    field_notes_router,
    paper_router,
):
    router.include_router(part)
