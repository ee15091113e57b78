"""API: create and read campaigns."""

from fastapi import APIRouter, Depends

from app.auth.deps import require_staff
from app.campaigns import service
from app.campaigns.schemas import CampaignIn, CampaignOut
from app.common.errors import ApiError
from app.db import ReadSession, WriteSession
from app.models import User

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])


@router.post("", status_code=201, response_model=CampaignOut)
def create_campaign(
    data: CampaignIn, session: WriteSession, user: User = Depends(require_staff)
) -> CampaignOut:
    """Create a campaign with its areas (staff: admin or facilitator)."""
    if user.role not in ("admin", "facilitator"):
        raise ApiError(403, "forbidden", "Analysts cannot create campaigns.")
    campaign = service.create_campaign(session, data, user)
    return service.campaign_out(session, campaign)


@router.get("/{slug}", response_model=CampaignOut)
def get_campaign(slug: str, session: ReadSession) -> CampaignOut:
    """A campaign, its survey and areas."""
    return service.campaign_out(session, service.get_campaign(session, slug))
