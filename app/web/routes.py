"""The front page: open campaigns, and what came of the latest closed ones."""

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import col, select

from app.common.paging import page_number, paginate
from app.db import ReadSession
from app.models import Campaign
from app.web.routing import Router
from app.web.templating import render

router = Router(include_in_schema=False)
CLOSED_SHOWN = 10  # the latest closed campaigns; older ones are found through their own addresses


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: ReadSession, page: str = "1") -> HTMLResponse:
    """List the open campaigns, a page at a time, and link the latest closed ones' follow-up pages."""
    stmt = select(Campaign).where(Campaign.status == "open").order_by(col(Campaign.title), col(Campaign.id))
    found = paginate(stmt, session, page_number(page))
    lang = {"lang": request.query_params["lang"]} if "lang" in request.query_params else {}

    def page_url(n: int) -> str:
        return f"/?{urlencode({**lang, 'page': n})}"

    latest_closed = (select(Campaign)
                     .where(Campaign.status == "closed", col(Campaign.archived_at).is_(None))
                     .order_by(col(Campaign.id).desc()).limit(CLOSED_SHOWN))
    closed = session.exec(latest_closed).all()
    return render(request, "core/home.html", {"campaigns": found.items, "page": found, "page_url": page_url,
                                              "closed": closed})
