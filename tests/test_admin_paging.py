"""The archive and search lists come in pages: each list pages on its own, every row is on exactly
one page, and a page costs the same SQL statements however long the lists grow."""

import re
import uuid
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from app.db import unit_of_work
from app.models import Board, Campaign, Organisation, User, Workshop
from app.models.common import utcnow
from tests.helpers import statements
from tests.staff_support import logged_in
from tests.workbench_support import busy_board


def archived_things(username: str, n: int, word: str = "Arkivert") -> None:
    """`n` archived campaigns, each with an archived board, and `n` archived workshops."""
    with unit_of_work() as s:
        org = s.exec(select(User.organisation_id).where(User.username == username)).one()
        for i in range(n):
            tag = uuid.uuid4().hex[:8]
            when = utcnow() - timedelta(minutes=i)
            campaign = Campaign(slug=f"a-{tag}", title=f"{word} {tag}", survey_slug="stedskompasset",
                                survey_version=1, status="closed", organisation_id=org, archived_at=when)
            s.add(campaign)
            s.flush()
            s.add(Board(slug=f"b-{tag}", campaign_id=campaign.id, organisation_id=org,
                        title=f"{word} tavle {tag}", archived_at=when))
            s.add(Workshop(organisation_id=org, title=f"{word} verksted {tag}", code=tag[:8].upper(),
                           archived_at=when))


def cost(client, url: str) -> int:
    client.get(url)  # warm: the login's cookie refresh and caches are not counted
    with statements() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def titles(html: str, list_id: str) -> list[str]:
    block = re.search(rf'id="{list_id}">(.*?)</ul>', html, re.S)
    found = re.findall(r"<a href=\"/staff/[^\"]+\">([^<]+)</a>", block.group(1)) if block else []
    return [t for t in found if t != "Delete"]


def test_the_archive_is_paged_list_by_list(session):
    client, name = logged_in(session, role="admin")
    archived_things(name, 60)
    first = client.get("/staff/admin/archive").text
    assert len(titles(first, "archived-campaigns")) == 50 and len(titles(first, "archived-workshops")) == 50
    assert 'aria-label="Pages of Campaigns"' in first and 'aria-label="Pages of Idea boards"' in first
    nxt = re.search(r'href="([^"]*campaigns_page=2[^"]*)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(nxt).text
    assert len(titles(second, "archived-campaigns")) == 10
    assert titles(second, "archived-boards") == titles(first, "archived-boards")  # the others stay put
    everything = titles(first, "archived-campaigns") + titles(second, "archived-campaigns")
    assert len(set(everything)) == 60
    assert client.get("/staff/admin/archive?campaigns_page=x&boards_page=-4").status_code == 200
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert titles(stranger.get("/staff/admin/archive").text, "archived-campaigns") == []


def test_search_is_paged_list_by_list(session):
    client, name = logged_in(session, role="facilitator")
    archived_things(name, 45, word="Torgløft")
    first = client.get("/staff/search?q=torgl").text
    assert len(titles(first, "found-campaigns")) == 20
    third = client.get("/staff/search?q=torgl&campaigns_page=3").text
    assert len(titles(third, "found-campaigns")) == 5
    assert 'rel="next"' not in third.split('id="found-boards"')[0]
    pages = [client.get(f"/staff/search?q=torgl&boards_page={n}").text for n in (1, 2, 3)]
    boards = [t for p in pages for t in re.findall(r"Torgløft tavle \w+", p.split('id="found-boards"')[1]
                                                    .split("</ul>")[0])]
    assert len(boards) == 45 and len(set(boards)) == 45
    stranger, _ = logged_in(session, role="admin", org="annenby")
    assert titles(stranger.get("/staff/search?q=torgl").text, "found-campaigns") == []


def test_archive_and_search_cost_the_same_statements_however_long_the_lists(session):
    client, name = logged_in(session, role="admin")
    archived_things(name, 5, word="Kaifront")
    busy_board(name, 5)
    urls = ["/staff/admin/archive", "/staff/admin/archive?boards_page=2", "/staff/search?q=kaifront",
            "/staff/search?q=kommentar&comments_page=2"]
    small = [cost(client, u) for u in urls]
    archived_things(name, 120, word="Kaifront")
    busy_board(name, 150)
    assert [cost(client, u) for u in urls] == small


def organisations(n: int) -> None:
    with unit_of_work() as s:
        for _ in range(n):
            tag = uuid.uuid4().hex[:8]
            s.add(Organisation(name=f"Kommune {tag}", slug=f"k-{tag}"))


def test_the_super_admins_organisations_come_in_pages_at_a_fixed_cost(session):
    client, name = logged_in(session, role="admin")
    with unit_of_work() as s:
        s.exec(update(User).where(User.username == name).values(is_superadmin=True))
    organisations(5)
    small = cost(client, "/staff/admin/organisations")
    organisations(120)
    assert cost(client, "/staff/admin/organisations") == small
    pages = [client.get(f"/staff/admin/organisations?page={n}").text for n in (1, 2, 3)]
    assert ['rel="next"' in html for html in pages] == [True, True, False]
    names = [name for html in pages for name in re.findall(r"<td>(Kommune \w+)</td>", html)]
    assert len(names) == 125 and len(set(names)) == 125
    own = re.search(r"<td>\w+</td><td>testby</td><td>(\d+)</td>", "".join(pages))
    assert own and int(own.group(1)) == 1  # the counts still belong to their organisation
