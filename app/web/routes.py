"""The front page: open campaigns."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, select

from app.db import get_session
from app.models import Campaign
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    """List the open campaigns."""
    campaigns = session.exec(select(Campaign).where(Campaign.status == "open").order_by(Campaign.title)).all()
    return render(request, "core/home.html", {"campaigns": campaigns})
