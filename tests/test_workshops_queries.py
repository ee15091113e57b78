"""Pages of the workshop domain run a number of SQL statements that does not grow with the data:
the staff list is paged, and vote totals of every round come from one query."""

import re

from sqlmodel import Session, select

from app.common.paging import page_number
from app.models import User
from app.models.workshops import Workshop
from app.workshops import service, voting
from app.workshops.service import PAGE_SIZE
from tests.client import TestClient
from tests.helpers import statements
from tests.workshops_support import LOW, SECOND, create_workshop, demo_like, facilitator, post


def statements_for(client: TestClient, url: str) -> int:
    assert client.get(url).status_code == 200  # warm caches (templates, definitions) first
    with statements() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def _add_workshops(session: Session, user: User, n: int, start: int = 0) -> None:
    for k in range(start, start + n):
        session.add(Workshop(organisation_id=user.organisation_id, title=f"Verksted {k}",
                             code=service.new_code()))
    session.commit()


def _staff_user(session: Session) -> User:
    return session.exec(select(User).where(User.role == "facilitator")).one()


def test_workshop_list_is_paged_with_the_same_statements_for_10_and_100(session: Session) -> None:
    staff = facilitator(session)
    user = _staff_user(session)
    _add_workshops(session, user, 10)
    ten = statements_for(staff, "/staff/workshops")
    _add_workshops(session, user, 90, start=10)
    hundred = statements_for(staff, "/staff/workshops")
    assert ten == hundred, (ten, hundred)

    first = staff.get("/staff/workshops").text
    assert first.count('<li><a href="/staff/workshops/') == PAGE_SIZE
    assert 'href="/staff/workshops?page=2"' in first and 'rel="prev"' not in first
    last_page = -(-100 // PAGE_SIZE)
    last = staff.get(f"/staff/workshops?page={last_page}").text
    assert last.count('<li><a href="/staff/workshops/') == 100 - PAGE_SIZE * (last_page - 1)
    assert f'href="/staff/workshops?page={last_page - 1}"' in last and 'rel="next"' not in last
    titles = set(re.findall(r">(Verksted \d+)</a>", "".join(
        staff.get(f"/staff/workshops?page={n}").text for n in range(1, last_page + 1))))
    assert len(titles) == 100  # every workshop on exactly one page
    assert staff.get("/staff/workshops?page=nonsense").status_code == 200
    assert page_number("nonsense") == 1


def test_vote_totals_cost_the_same_statements_for_few_and_many_rounds_and_ballots(session: Session) -> None:
    s = demo_like(session)
    staff = facilitator(session)
    wid = create_workshop(staff, s)
    base = f"/staff/workshops/{wid}"
    assert post(staff, f"{base}/rounds", {}, base).status_code == 303
    session.commit()
    workshop = session.get(Workshop, wid)
    assert workshop is not None

    def ballots(vote_round, n: int) -> None:  # type: ignore[no-untyped-def]
        for k in range(n):
            points = {f"t:{LOW}": 3, f"t:{SECOND}": 2}
            voting.cast(session, vote_round, f"device-{vote_round.number}-{k}", points, f"Kommentar {k}")
        session.commit()

    ballots(voting.current_round(session, workshop), 2)
    urls = (base, f"{base}/live", f"{base}/report", f"{base}/slides/1")
    few = {url: statements_for(staff, url) for url in urls}
    for _n in range(6):
        ideas = [i.id for i in service.chosen_ideas(session, workshop)]
        ballots(voting.open_round(session, workshop, voting.options_of(workshop, ideas)), 40)
    many = {url: statements_for(staff, url) for url in urls}
    assert few == many
    live = staff.get(f"{base}/live").text
    assert "40 telefoner har stemt" in live
    assert re.search(r'<span class="pts">120 poeng</span>', live)  # 40 ballots of 3 points on LOW
