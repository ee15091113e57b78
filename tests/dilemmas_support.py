"""Shared by the dilemma tests: a facilitator logged in, a session started over HTTP, phones that join."""

import re

from sqlmodel import Session, select

from app.main import app
from app.models.dilemmas import DilemmaAnswer, DilemmaGroup, DilemmaSession
from tests.client import TestClient
from tests.staff_support import csrf_of, logged_in

SCENARIO = "boliger-pa-elvesletta"


def facilitator(session: Session, org: str = "testby", role: str = "facilitator") -> TestClient:
    return logged_in(session, role=role, org=org)[0]


def start(client: TestClient, groups: str = "Gruppe 1\nGruppe 2\nGruppe 3", scenario: str = SCENARIO,
          title: str = "Dilemmatrening Elvdal") -> int:
    """Start a session through the form; its id."""
    page = client.get("/staff/dilemmas/new")
    r = client.post("/staff/dilemmas", data={"csrf": csrf_of(page.text), "title": title, "scenario": scenario,
                                             "groups": groups}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def row_of(session: Session, sid: int) -> DilemmaSession:
    session.commit()  # end the test's read snapshot, so it sees what the app stored
    row = session.get(DilemmaSession, sid)
    assert row is not None
    return row


def group_ids(session: Session, sid: int) -> list[int]:
    session.commit()
    stmt = select(DilemmaGroup.id).where(DilemmaGroup.session_id == sid).order_by(DilemmaGroup.position)  # type: ignore[arg-type]
    return list(session.exec(stmt))  # type: ignore[arg-type]


def answers(session: Session, sid: int) -> list[DilemmaAnswer]:
    session.commit()  # end the test's read snapshot, so it sees what the app stored
    return list(session.exec(select(DilemmaAnswer).where(DilemmaAnswer.session_id == sid)))


def move(client: TestClient, sid: int, to: int) -> None:
    token = csrf_of(client.get(f"/staff/dilemmas/{sid}").text)
    r = client.post(f"/staff/dilemmas/{sid}/step", data={"csrf": token, "to": str(to)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def phone(code: str, sid: int) -> TestClient:
    """A phone that typed the session's code (in lower case, with a space: still found)."""
    client = TestClient(app)
    client.cookies.set("lang", "en")
    page = client.get("/d")
    r = client.post("/d", data={"csrf": csrf_of(page.text), "code": f"{code[:5].lower()} {code[5:]}"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/d/{sid}", r.text
    return client


def answer(client: TestClient, url: str, step: int, effects: dict[str, str], conflicts: str = "",
           winwin: str = "", follow: bool = False):  # type: ignore[no-untyped-def]
    """Post a group's answer the way its form does (the CSRF token from the page)."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    data = {"csrf": csrf_of(page.text), "step": str(step), "conflicts": conflicts, "winwin": winwin,
            **{f"e-{k}": v for k, v in effects.items()}}
    return client.post(url, data=data, follow_redirects=follow)


def code_in(html: str) -> str:
    return re.search(r"<strong>([A-Z0-9]{10})</strong>", html).group(1)  # type: ignore[union-attr]
