"""The issue's "Done when" scenario end to end over HTTP, on the real database and app."""

import io
import re

from pypdf import PdfReader
from sqlmodel import Session, select

from app.main import app
from app.models.workshops import Ballot, OutcomeItem, VoteRound, Workshop
from tests.client import TestClient
from tests.workshops_support import (
    FOCUS_GROUP,
    LOW,
    SECOND,
    SMALL_GROUP,
    create_workshop,
    csrf_of,
    demo_like,
    facilitator,
    post,
)


def _open(phone: TestClient, code: str) -> dict[str, str]:
    """Load the vote page as a phone does; its form's hidden fields."""
    page = phone.get(f"/v/{code}")
    assert page.status_code == 200, page.text
    return {"csrf": csrf_of(page.text), "round": re.search(r'name="round" value="(\d+)"', page.text).group(1)}


def _send(phone: TestClient, code: str, form: dict[str, str], points: dict[str, int], comment: str = ""):  # type: ignore[no-untyped-def]
    data = {**form, "comment": comment, **{f"p-{k}": str(v) for k, v in points.items()}}
    return phone.post(f"/v/{code}", data=data, follow_redirects=False)


def _vote(phone: TestClient, code: str, points: dict[str, int], comment: str = ""):  # type: ignore[no-untyped-def]
    return _send(phone, code, _open(phone, code), points, comment)


def test_done_when_scenario(session: Session) -> None:
    s = demo_like(session)
    staff = facilitator(session)
    wid = create_workshop(staff, s)
    session.commit()  # end the test's read snapshot so it sees what the app stored
    workshop = session.get(Workshop, wid)
    assert workshop is not None and len(workshop.code) >= 8
    base = f"/staff/workshops/{wid}"

    # Prepare: pick every offered quote, keep the board's ideas, add a typed figure and a CSV.
    manage = staff.get(base)
    assert manage.status_code == 200
    keys = re.findall(r'name="quote" value="([0-9a-f]+)"', manage.text)
    assert keys, "approved comments are offered as quotes"
    assert "hemmelig" not in manage.text  # unapproved comments are never offered
    assert post(staff, f"{base}/quotes", [("quote", k) for k in keys], base).status_code == 303
    r = post(staff, f"{base}/figures", {"label": "Andel som bor alene", "area": "Nordbyen", "value": "38 %",
                                        "source": "SSB, tabell 06081, 2025"}, base)
    assert r.status_code == 303
    token = csrf_of(staff.get(base).text)
    csv_text = "label,area,value,source\nMedianinntekt,Sentrum,512 000 kr,SSB tabell 06944\n"
    r = staff.post(f"{base}/figures/upload", data={"csrf": token},
                   files={"file": ("tall.csv", csv_text.encode(), "text/csv")}, follow_redirects=False)
    assert r.status_code == 303

    # Present: every slide is its own page; the handout holds them all.
    first = staff.get(f"{base}/slides/1")
    count = int(re.search(r"Lysbilde 1 av (\d+)", first.text).group(1))
    texts = [staff.get(f"{base}/slides/{n}").text for n in range(1, count + 1)]
    assert staff.get(f"{base}/slides/{count + 1}").status_code == 404
    deck = "\n".join(texts)
    for expected in ("Sentrum", "Nordbyen", FOCUS_GROUP, "Bredere fortau", "Benker langs elva",
                     "Andel som bor alene", "SSB, tabell 06081, 2025", "Medianinntekt", workshop.code):
        assert expected in deck, expected
    # The focus group (5 answers) shows with its figures.
    assert re.search(rf'<th scope="row">{FOCUS_GROUP}</th><td class="num">5</td>', deck)
    # Small groups stay hidden as in the results: named, but without a single figure.
    assert "hemmelig" not in deck
    rows = re.findall(rf"<th scope=\"row\">{SMALL_GROUP}</th>(.*?)</tr>", deck)
    assert rows and all(not re.search(r"\d", re.sub(r"<[^>]+>", "", r).replace("5", "")) for r in rows)
    assert SMALL_GROUP not in re.search(r"<svg.*?</svg>", texts[2], re.S).group(0)
    assert "<svg" in texts[1] and 'role="img"' in texts[1]  # the compass
    handout = staff.get(f"{base}/handout").text
    assert handout.count('class="slide ') == count

    # Prioritise: open a round; five phones vote, one changes its vote, a sixth after closing is refused.
    assert post(staff, f"{base}/rounds", {}, base).status_code == 303
    idea = s.ideas[0].id
    phones = [TestClient(app) for _ in range(6)]
    votes = [{f"t:{LOW}": 6, f"i:{idea}": 4}, {f"t:{LOW}": 10}, {f"t:{SECOND}": 5, f"i:{idea}": 5},
             {f"i:{idea}": 10}, {f"t:{SECOND}": 10}]
    for phone, points in zip(phones, votes, strict=False):
        r = _vote(phone, workshop.code, points, comment="Viktig for ungdommen")
        assert r.status_code == 303 and r.headers["location"].endswith("?m=saved")
    again = _vote(phones[1], workshop.code, {f"t:{SECOND}": 7, f"i:{idea}": 3})  # changes its mind
    assert again.status_code == 303
    # Nothing lost on reload: the form shows the stored vote.
    reload = phones[1].get(f"/v/{workshop.code}").text
    assert re.search(rf'name="p-t:{SECOND}" value="7"', reload)
    assert re.search(rf'name="p-t:{LOW}" value=""', reload)
    sixth = _open(phones[5], workshop.code)  # the sixth phone opened the page in time...
    assert post(staff, f"{base}/rounds/1/close", {}, base).status_code == 303
    late = _send(phones[5], workshop.code, sixth, {f"t:{LOW}": 10})  # ...but sends after closing
    assert late.status_code == 409 and "stengt" in late.text
    session.commit()
    vote_round = session.exec(select(VoteRound).where(VoteRound.workshop_id == wid)).one()
    assert len(session.exec(select(Ballot).where(Ballot.round_id == vote_round.id)).all()) == 5

    # The projector shows the totals: LOW 6, SECOND 5+7+10=22, idea 4+3+5+10=22.
    live = staff.get(f"{base}/live").text
    assert "5 telefoner har stemt" in live
    assert re.search(r"Nattbuss|Benker langs elva", live)
    pattern = r'<span class="name">([^<]+)</span>.*?<span class="pts">(\d+) poeng</span>'
    totals = dict(re.findall(pattern, live, re.S))
    assert totals["Benker langs elva"] == "22"
    assert totals["Nattbuss i helgene"] == "0"
    assert sum(int(v) for v in totals.values()) == 50

    # Record the outcome with plan links.
    r = post(staff, f"{base}/outcome", {"kind": "priority", "text": "Tryggere skolevei i Nordbyen",
                                        "option": f"t:{LOW}", "actor": "municipality",
                                        "responsible": "Samferdsel", "plan": "handlingsplan"}, base)
    assert r.status_code == 303
    r = post(staff, f"{base}/outcome", {"kind": "action", "text": "Benker langs elva før sommeren",
                                        "option": f"i:{idea}", "actor": "volunteers", "responsible": "",
                                        "plan": "temaplan"}, base)
    assert r.status_code == 303
    session.commit()
    assert len(session.exec(select(OutcomeItem).where(OutcomeItem.workshop_id == wid)).all()) == 2

    # Report: HTML and a PDF that opens and holds the compass, the priorities and the outcome.
    html = staff.get(f"{base}/report").text
    assert "Tryggere skolevei i Nordbyen" in html and "Handlings- og økonomiplan" in html
    pdf = staff.get(f"{base}/report.pdf?lang=nb")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "Kompass: Stedskompass Sentrum og Nordbyen" in flat  # the compass caption
    # Each compass draws the theme names at its spokes as text, and its table repeats them:
    # a theme outside the focus shows exactly twice per compass (area and group comparisons).
    assert flat.count("Bolig og nabolag") == 4
    assert "Benker langs elva" in flat and "22" in flat  # the priorities
    assert "Tryggere skolevei i Nordbyen" in flat and "Temaplan" in flat  # the outcome with plan links
    assert "hemmelig" not in flat  # a small group's comment never reaches the report
