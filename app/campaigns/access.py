"""Find a campaign for a staff page, only within the user's own municipality."""

from fastapi import HTTPException
from sqlmodel import Session, select

from app.models import Campaign, User


def campaign_for(session: Session, user: User, slug: str) -> Campaign:
    """The campaign, or a 404 when it does not exist or belongs to another organisation."""
    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).first()
    if campaign is None or campaign.organisation_id != user.organisation_id:
        raise HTTPException(404, "Page not found")
    return campaign
