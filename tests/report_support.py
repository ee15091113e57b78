"""Shared by the results report tests: a campaign with answers, approved quotes, population counts
and a branded organisation, made through the services and the staff pages."""

import io

from PIL import Image
from sqlmodel import select

from app.admin import demo
from app.db import unit_of_work
from app.models import Answer, Campaign, Response, User
from app.results import comments
from tests.staff_support import csrf_of
from tests.workbench_support import make_campaign

SLUG = "sentrum-2027"
# Sentrum's population per age band: thousands, so grouping separators show in every language
POPULATION = {"20-24": 1210, "25-34": 4210, "35-44": 3980, "45-54": 3620, "55-66": 3105, "67-79": 2400}


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 100), (26, 82, 118)).save(out, format="PNG")
    return out.getvalue()


def filled(client, username: str, responses: int = 400, brand: bool = True) -> None:
    """A campaign with answers, three approved comments, population counts and (with brand) a logo."""
    make_campaign(username, slug=SLUG)
    with unit_of_work() as s:
        campaign = s.exec(select(Campaign).where(Campaign.slug == SLUG)).one()
        demo.add_responses(s, campaign, responses)
        user = s.exec(select(User).where(User.username == username)).one()
        found = s.exec(select(Answer.response_id, Answer.theme)
                       .join(Response, Response.id == Answer.response_id)
                       .where(Response.campaign_id == campaign.id, Answer.good.is_not(None)).limit(3)).all()
        for rid, theme in found:
            assert comments.review(s, campaign, rid, theme, "good", "approved", user)
    lines = ["area,age_band,gender,count"] + [f"{a},{b},total,{n if a == 'sentrum' else n // 2}"
                                            for a in ("sentrum", "nordbyen") for b, n in POPULATION.items()]
    page = client.get(f"/staff/results/{SLUG}/population")
    r = client.post(f"/staff/results/{SLUG}/population", data={"csrf": csrf_of(page.text)},
                    files={"file": ("p.csv", "\n".join(lines).encode(), "text/csv")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    if brand:
        page = client.get("/staff/admin/branding")
        form = {"csrf": csrf_of(page.text), "display_name": "Testby kommune", "accent": "#1a5276"}
        r = client.post("/staff/admin/branding", data=form,
                        files={"logo": ("logo.png", logo_png(), "image/png")}, follow_redirects=False)
        assert r.status_code == 303, r.text
