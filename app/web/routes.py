"""The front page: open campaigns."""

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import col, select

from app.common.paging import page_number, paginate
from app.db import ReadSession
from app.models import Campaign
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: ReadSession, page: str = "1") -> HTMLResponse:
    """List the open campaigns, a page at a time."""
    stmt = select(Campaign).where(Campaign.status == "open").order_by(col(Campaign.title), col(Campaign.id))
    found = paginate(stmt, session, page_number(page))
    lang = {"lang": request.query_params["lang"]} if "lang" in request.query_params else {}

    def page_url(n: int) -> str:
        return f"/?{urlencode({**lang, 'page': n})}"

    return render(request, "core/home.html", {"campaigns": found.items, "page": found, "page_url": page_url})
