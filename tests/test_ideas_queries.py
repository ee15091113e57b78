"""Every page of a board costs the same number of SQL statements with 10 ideas as with 100
(no N+1), the lists are paged, and the projector's polling never writes."""

import re
from datetime import timedelta

from sqlmodel import Session

from app.models import Board
from app.models.common import utcnow
from app.models.ideas import Idea, IdeaComment, IdeaEvent, IdeaFlag, Support
from tests.helpers import statements
from tests.ideas_support import new_phone, plain_board


def _add_ideas(session: Session, board: Board, start: int, stop: int) -> None:
    """Ideas with supports, a report, a comment with a reply, a pending comment and a status."""
    base = utcnow() - timedelta(days=1)
    for k in range(start, stop):
        iid = f"00000000-0000-4000-8000-{k:012d}"
        session.add(Idea(id=iid, board_id=board.id, title=f"Idé {k}", description="Benker.",
                         themes=["moving_around"], proposer_type="resident", actors=["together"],
                         locale="nb", participant=f"p{k}",
                         visibility="hidden" if k % 7 == 3 else "visible", hidden_reason="Dobbelt",
                         created_at=base + timedelta(seconds=k)))
        session.flush()
        session.add_all([Support(idea_id=iid, participant=f"s{k}-{n}") for n in range(3)])
        session.add(IdeaFlag(idea_id=iid, participant=f"f{k}", reason="Reklame"))
        top = f"10000000-0000-4000-8000-{k:012d}"
        session.add(IdeaComment(id=top, idea_id=iid, body="Enig", locale="nb", participant=f"c{k}"))
        session.flush()
        session.add(IdeaComment(id=f"20000000-0000-4000-8000-{k:012d}", idea_id=iid, parent_id=top,
                                body="Takk", locale="nb", participant=f"p{k}"))
        session.add(IdeaComment(id=f"30000000-0000-4000-8000-{k:012d}", idea_id=iid, body="Venter",
                                locale="nb", participant=f"d{k}", visibility="pending"))
        session.add(IdeaEvent(idea_id=iid, kind="status", status="planned", answer="I mai.",
                              actor="municipality"))
    session.commit()


def _counts(staff, phone) -> dict[str, int]:  # type: ignore[no-untyped-def]
    pages = {
        "api": (phone, "/api/v1/boards/bylab"),
        "phone board": (phone, "/b/bylab"),
        "projector": (phone, "/b/bylab/screen"),
        "projector live": (phone, "/b/bylab/screen/live"),
        "staff board": (staff, "/staff/boards/bylab"),
        "staff boards": (staff, "/staff/boards"),
        "csv": (staff, "/staff/boards/bylab/export.csv"),
        "xlsx": (staff, "/staff/boards/bylab/export.xlsx"),
    }
    found = {}
    for name, (client, url) in pages.items():
        client.get(url)  # warm up: cookies set, caches filled
        with statements() as seen:
            assert client.get(url).status_code == 200, url
        found[name] = len(seen)
    return found


def test_statement_count_does_not_grow_with_the_ideas(session):
    staff, board = plain_board(session)
    phone = new_phone()
    _add_ideas(session, board, 0, 10)
    ten = _counts(staff, phone)
    _add_ideas(session, board, 10, 100)
    hundred = _counts(staff, phone)
    print(f"statements with 10 ideas: {ten}\nstatements with 100 ideas: {hundred}")
    assert ten == hundred


def test_statement_count_does_not_grow_with_the_comments_or_the_boards(session):
    staff, board = plain_board(session)
    phone = new_phone()
    _add_ideas(session, board, 0, 1)
    idea = "00000000-0000-4000-8000-000000000000"

    def more(start: int, stop: int) -> None:
        for k in range(start, stop):
            top = f"40000000-0000-4000-8000-{k:012d}"
            session.add(IdeaComment(id=top, idea_id=idea, body=f"Kommentar {k}", locale="nb",
                                    participant=f"x{k}"))
            session.flush()
            session.add(IdeaComment(id=f"50000000-0000-4000-8000-{k:012d}", idea_id=idea, parent_id=top,
                                    body="Svar", locale="nb", participant=f"y{k}"))
            session.add(Board(slug=f"tavle-{k}", campaign_id=board.campaign_id,
                              organisation_id=board.organisation_id, title=f"Tavle {k}"))
        session.commit()

    def count() -> tuple[int, int]:
        phone.get(f"/b/bylab/i/{idea}")
        with statements() as idea_page:
            assert phone.get(f"/b/bylab/i/{idea}").status_code == 200
        with statements() as boards:
            assert staff.get("/staff/boards").status_code == 200
        return len(idea_page), len(boards)

    more(0, 10)
    ten = count()
    more(10, 100)
    assert count() == ten


def test_lists_are_paged_and_every_idea_is_on_one_page(session):
    staff, board = plain_board(session)
    _add_ideas(session, board, 0, 100)
    phone = new_phone()
    seen: list[str] = []
    url: str | None = "/api/v1/boards/bylab"
    while url:
        body = phone.get(url).json()
        assert body["page_size"] == 50 and len(body["ideas"]) <= 50
        seen += [i["id"] for i in body["ideas"]]
        url = body["next_page"]
    assert len(seen) == len(set(seen)) == 100
    assert body["page"] == 2 and body["previous_page"] == "/api/v1/boards/bylab?page=1"
    first = phone.get("/b/bylab?lang=en").text
    assert first.count('class="card"') == 40 and 'rel="next"' in first and "Idé 99" in first
    last = phone.get("/b/bylab?page=3&lang=en").text
    assert "Idé 0<" in last and 'rel="prev"' in last and 'rel="next"' not in last
    manage = staff.get("/staff/boards/bylab?lang=en").text
    assert manage.count('<section id="idea-') == 20 and 'href="/staff/boards/bylab?page=2#ideas"' in manage
    assert phone.get("/api/v1/boards/bylab?page=0").status_code == 422


def test_a_comment_lands_on_the_page_that_shows_it(session):
    staff, board = plain_board(session)
    _add_ideas(session, board, 0, 1)
    idea = "00000000-0000-4000-8000-000000000000"
    base = utcnow() - timedelta(hours=1)
    for k in range(40):
        session.add(IdeaComment(id=f"60000000-0000-4000-8000-{k:012d}", idea_id=idea, body=f"Tidlig {k}",
                                locale="nb", participant=f"z{k}", created_at=base + timedelta(seconds=k)))
    session.commit()
    phone = new_phone()
    page = phone.get(f"/b/bylab/i/{idea}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    form = {"csrf": csrf, "id": "70000000-0000-4000-8000-000000000001", "body": "Sist"}
    r = phone.post(f"/b/bylab/i/{idea}/comments", data=form, follow_redirects=False)
    assert r.status_code == 303 and "page=2" in r.headers["location"]
    assert "Sist" in phone.get(r.headers["location"].split("#")[0]).text
    assert "Sist" not in phone.get(f"/b/bylab/i/{idea}").text


def test_the_projector_polls_with_reads_only(session):
    _staff, board = plain_board(session)
    _add_ideas(session, board, 0, 15)
    wall = new_phone()
    for url in ("/b/bylab/screen", "/b/bylab/screen/live", "/b/bylab/screen/live"):
        with statements() as seen:
            assert wall.get(url).status_code == 200
        writes = [s for s in seen if re.match(r"\s*(INSERT|UPDATE|DELETE)", s, re.IGNORECASE)]
        assert writes == [] and not any("IMMEDIATE" in s for s in seen)
