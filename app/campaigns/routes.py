"""API: create and read campaigns."""

from fastapi import Depends

from app.auth.deps import api_action, optional_staff
from app.campaigns import service
from app.campaigns.schemas import CampaignIn, CampaignOut
from app.common.errors import documented
from app.db import ReadSession, WriteSession
from app.models import User
from app.web.routing import Router

router = Router(prefix="/api/v1/campaigns", tags=["campaigns"])


@router.post("", status_code=201, response_model=CampaignOut,
             responses={**documented(401, 403, 409), 401: {"description": "No valid staff token."},
                        403: {"description": "The token's role may not create campaigns."},
                        409: {"description": "The slug is taken in your organisation, or a "
                                              "published campaign uses the public address."}})
def create_campaign(
    data: CampaignIn, session: WriteSession, user: User = Depends(api_action("campaigns.create"))
) -> CampaignOut:
    """Create a campaign with its areas (a staff token whose role may create campaigns)."""
    campaign = service.create_campaign(session, data, user)
    return service.campaign_out(session, campaign)


@router.get("/{slug}", response_model=CampaignOut,
            responses={**documented(401, 404), 401: {"description": "A token was sent but is not valid."},
                       404: {"description": "No published campaign at this address."}})
def get_campaign(
    slug: str, session: ReadSession, staff: User | None = Depends(optional_staff)
) -> CampaignOut:
    """A published campaign, its survey and areas; a staff token also finds its own drafts."""
    return service.campaign_out(session, service.get_campaign(session, slug, staff))
