"""Checks two Medvirk hosts behind one load balancer (run by deploy/two-hosts.sh).

    python deploy/check_two_hosts.py HOST_A HOST_B BALANCER

The database (DATABASE_URL) is the hosts' own; this script adds a campaign, a board and a
facilitator through the app's services, then talks HTTP only: to one host, to the other, and
to the balancer, whose X-Upstream header says which host answered."""

import asyncio
import collections
import random
import re
import sys
import uuid

import httpx
from sqlmodel import func, select

from app.auth.service import create_user, get_or_create_organisation
from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.db import read_only, unit_of_work
from app.ideas import service as ideas
from app.ideas.boards import create_board
from app.models import Campaign, Response
from app.models.ideas import Idea, Support
from app.models.workshops import Ballot, VoteRound, Workshop
from app.surveys.definitions import get_survey

PASSWORD = "correct horse battery staple"  # noqa: S105 (a throwaway database)
LOW, SECOND = "moving_around", "public_transport"
SUBMISSIONS, RESENT, PHONES = 2000, 200, 24
served_by: collections.Counter[str] = collections.Counter()


def say(text: str) -> None:
    print(f"   {text}", flush=True)


def check(ok: bool, what: str, answer: httpx.Response | None = None) -> None:
    if not ok:
        detail = f" (answer {answer.status_code}: {answer.text[:500]})" if answer is not None else ""
        raise SystemExit(f"FAILED: {what}{detail}")
    say(f"ok  {what}")


def address() -> str:
    """A documentation address per phone: the app must never log or store it."""
    return f"203.0.113.{random.randint(1, 254)}"  # noqa: S311


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def seen(r: httpx.Response) -> httpx.Response:
    if "x-upstream" in r.headers:
        served_by[r.headers["x-upstream"]] += 1
    return r


def prepare() -> tuple[str, str, str, list[str]]:
    """A facilitator, an open campaign, a bylab board with two ideas: (user, campaign, board, ideas)."""
    with unit_of_work() as s:
        org = get_or_create_organisation(s, "vestby", "Vestby kommune")
        user = create_user(s, "kari", "facilitator", org, password=PASSWORD)
        data = CampaignIn(slug="sentrum-2027", title="Sentrum 2027", survey="stedskompasset", status="open",
                          areas=[AreaIn(slug="sentrum", name="Sentrum"), AreaIn(slug="nord", name="Nord")])
        campaign = create_campaign(s, data, user)
        s.flush()
        board = create_board(s, user, {"slug": "bylab-sentrum", "title": "Bylab Sentrum", "intro": "",
                                       "campaign": str(campaign.id), "area": "sentrum",
                                       "moderation": "post"}, from_results=False)
        made = [ideas.create_idea(s, board, {
            "id": str(uuid.uuid4()), "title": title, "description": "Fra bylaben.", "themes": [LOW],
            "place": "", "proposer_type": "resident", "proposer_name": "", "actors": ["municipality"]},
            participant=uuid.uuid4().hex, locale="nb") for title in ("Benker langs elva", "Nattbuss")]
        return user.username, campaign.slug, board.slug, [str(i.id) for i in made]


def login_on_one_post_on_other(host_a: str, host_b: str, username: str, slug: str) -> tuple[int, dict]:
    """Log in on host A; create a workshop with that cookie and A's CSRF token, posted to host B."""
    jar = httpx.Cookies()
    with httpx.Client(base_url=host_a, cookies=jar, timeout=60) as a:
        form = a.get("/staff/login")
        r = a.post("/staff/login", data={"username": username, "password": PASSWORD,
                                          "csrf": csrf_of(form.text), "next": "/staff"})
        check(r.status_code == 303, "staff login on host A")
        page = a.get("/staff/workshops/new")
        check(page.status_code == 200, "host A shows the new-workshop form")
        token = csrf_of(page.text)
        cookies = dict(a.cookies)
    with read_only() as s:
        cid = s.exec(select(Campaign.id).where(Campaign.slug == slug)).one()
        board_id = s.exec(select(func.min(Idea.board_id))).one()
    form_data = [("title", "Politisk verksted Sentrum"), ("held_on", "2027-05-04"),
                 ("method", "Vi viste tallene."), ("points", "10"), ("campaigns", str(cid)),
                 ("areas", f"{cid}:sentrum"), ("areas", f"{cid}:nord"), ("comparisons", "area"),
                 ("themes", LOW), ("themes", SECOND), ("boards", str(board_id)),
                 ("csrf", token)]
    with httpx.Client(base_url=host_b, cookies=cookies, timeout=60) as b:
        form: dict[str, list[str]] = {}
        for key, value in form_data:  # a browser repeats the name of each ticked box
            form.setdefault(key, []).append(value)
        r = b.post("/staff/workshops", data=form)
        check(r.status_code == 303 and "/staff/workshops/" in r.headers.get("location", ""),
              "the form from host A, posted to host B, made the workshop (one secret, sessions in the db)", r)
        return int(r.headers["location"].rstrip("/").rsplit("/", 1)[1]), dict(b.cookies) | cookies


def vote_round(balancer: str, wid: int, cookies: dict) -> None:
    with httpx.Client(base_url=balancer, cookies=cookies, timeout=60) as staff:
        base = f"/staff/workshops/{wid}"
        r = seen(staff.post(f"{base}/rounds", data={"csrf": csrf_of(seen(staff.get(base)).text)}))
        check(r.status_code == 303, "a vote round opened through the balancer")
        with read_only() as s:
            code = s.exec(select(Workshop.code).where(Workshop.id == wid)).one()
        for n in range(PHONES):
            with httpx.Client(base_url=balancer, timeout=60, headers={"X-Forwarded-For": address()},
                          follow_redirects=True) as phone:
                page = seen(phone.get(f"/v/{code}"))
                round_no = re.search(r'name="round" value="(\d+)"', page.text)
                assert page.status_code == 200 and round_no, (page.status_code, page.text[:300])
                points = {f"p-t:{LOW}": "6", f"p-t:{SECOND}": "4"} if n % 2 else {f"p-t:{LOW}": "10"}
                form = {"csrf": csrf_of(page.text), "round": round_no.group(1), "comment": "", **points}
                sent = seen(phone.post(f"/v/{code}", data=form, follow_redirects=False))
                assert sent.status_code == 303 and "m=saved" in sent.headers["location"], sent.text[:300]
        r = seen(staff.post(f"{base}/rounds/1/close", data={"csrf": csrf_of(seen(staff.get(base)).text)}))
        check(r.status_code == 303, "the round closed through the balancer")
        live = seen(staff.get(f"{base}/live")).text
    with read_only() as s:
        rid = s.exec(select(VoteRound.id).where(VoteRound.workshop_id == wid)).one()
        ballots = s.exec(select(func.count()).select_from(Ballot).where(Ballot.round_id == rid)).one()
    check(ballots == PHONES, f"{PHONES} phones voted, GET and POST on either host: {ballots} ballots")
    points = [int(p) for p in re.findall(r'<span class="pts">(\d+) poeng</span>', live)]
    check(sum(points) == PHONES * 10, f"the projector's totals add up to {PHONES} x 10 points: {sum(points)}")


def board(balancer: str, slug: str, ideas_before: list[str]) -> None:
    target = ideas_before[0]
    for _ in range(PHONES):
        with httpx.Client(base_url=balancer, timeout=60, headers={"X-Forwarded-For": address()},
                          follow_redirects=True) as phone:
            seen(phone.get(f"/b/{slug}"))
            page = seen(phone.get(f"/b/{slug}/i/{target}"))
            r = seen(phone.post(f"/b/{slug}/i/{target}/support", data={"csrf": csrf_of(page.text)},
                                follow_redirects=False))
            assert r.status_code == 303, r.text[:300]
            form = seen(phone.get(f"/b/{slug}/new"))
            idea_id = re.search(r'name="id" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
            data = {"id": idea_id, "title": "Lys i undergangen", "description": "Det er mørkt om kvelden.",
                    "themes": LOW, "place": "", "proposer_type": "resident", "proposer_name": "",
                    "actors": "municipality", "csrf": csrf_of(form.text)}
            for _twice in range(2):  # a double tap stores one idea
                r = seen(phone.post(f"/b/{slug}/ideas", data=data, follow_redirects=False))
                assert r.status_code == 303, r.text[:300]
    with read_only() as s:
        supports = s.exec(select(func.count()).select_from(Support).where(Support.idea_id == target)).one()
        count = s.exec(select(func.count()).select_from(Idea)).one()
    check(supports == PHONES, f"{PHONES} phones supported one idea once each: {supports}")
    check(count == len(ideas_before) + PHONES, f"each phone's idea stored once: {count - len(ideas_before)}")


async def submissions(balancer: str, slug: str) -> None:
    themes = get_survey("stedskompasset").theme_slugs  # type: ignore[union-attr]
    bodies = [{"id": str(uuid.uuid4()), "area": "sentrum" if n % 2 else "nord", "mode": "survey",
               "locale": "nb", "answers": {t: {"score": 1 + (n + i) % 7, "good": "", "better": ""}
                                           for i, t in enumerate(themes)},
               "profile": {}} for n in range(SUBMISSIONS)]
    queue = bodies + random.sample(bodies, RESENT)  # noqa: S311  (a retry after a lost answer)
    statuses: collections.Counter[int] = collections.Counter()
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(base_url=balancer, timeout=120, limits=limits) as client:
        async def send(body: dict) -> None:
            r = await client.post(f"/api/v1/campaigns/{slug}/responses", json=body,
                                  headers={"X-Forwarded-For": address()})
            statuses[r.status_code] += 1
            seen(r)

        for start in range(0, len(queue), 64):
            await asyncio.gather(*(send(b) for b in queue[start:start + 64]))
    check(set(statuses) <= {200, 201} and statuses[201] == SUBMISSIONS,
          f"{SUBMISSIONS} submissions and {RESENT} resent: {dict(statuses)}")
    with read_only() as s:
        stored = s.exec(select(func.count()).select_from(Response)).one()
    check(stored == SUBMISSIONS, f"each stored once: {stored} responses")


def main() -> None:
    host_a, host_b, balancer = sys.argv[1:4]
    username, campaign, board_slug, idea_ids = prepare()
    wid, cookies = login_on_one_post_on_other(host_a, host_b, username, campaign)
    vote_round(balancer, wid, cookies)
    board(balancer, board_slug, idea_ids)
    asyncio.run(submissions(balancer, campaign))
    hosts = sorted(served_by.items())
    check(len(hosts) == 2 and min(n for _, n in hosts) > 0.4 * sum(n for _, n in hosts),
          f"the balancer spread the requests over both hosts: {dict(hosts)}")


if __name__ == "__main__":
    main()
