"""Every dilemma route, with a real session, groups and a principle behind it, gets control
characters, huge ids and non-ASCII digits in its path, query, form and cookies (the hammer of
tests/route_walk.py): nothing answers 500, as an admin, an admitted phone or a stranger."""

import uuid

import pytest
from sqlmodel import Session

from app.main import app
from app.models.dilemmas import DilemmaPrinciple
from tests.dilemmas_support import group_ids, phone, row_of, start
from tests.route_walk import FIELDS, ODD_COOKIES, cookie_header, hammer, routes_of, status_of
from tests.staff_support import csrf_of, logged_in

# This part's own form fields, on top of the ones every route gets.
OURS = ["step", "to", "back", "closed", "text", "conflicts", "winwin", "e-bolig", "e-klima_miljo", "scenario",
        "groups"]


@pytest.mark.parametrize("visitor", ["admin", "phone", "odd cookies"])
def test_no_dilemma_route_answers_500(session: Session, visitor: str) -> None:
    admin, _ = logged_in(session, "admin")
    sid = start(admin)
    pid = str(uuid.uuid4())
    session.add(DilemmaPrinciple(id=pid, session_id=sid, text="Jord først"))
    session.commit()
    real = {"session_id": str(sid), "group_id": str(group_ids(session, sid)[0]), "principle_id": pid}
    real_group = f"/d/{sid}/{real['group_id']}"
    routes = [r for r in routes_of(app.routes) if r.path.startswith(("/d", "/staff/dilemmas"))]
    assert len(routes) >= 15
    if visitor == "admin":
        token = csrf_of(admin.get("/staff").text)
        cookies = cookie_header(admin)
        assert status_of(app, f"/staff/dilemmas/{sid}", cookies) == 200  # the walk is an admin's
    elif visitor == "phone":
        admitted = phone(row_of(session, sid).code, sid)
        token = csrf_of(admitted.get("/d").text)
        cookies = cookie_header(admitted)
        assert status_of(app, real_group, cookies) == 200  # the walk is the admitted phone's
    else:
        cookies, token = ODD_COOKIES + f'; dilemma{sid}="\\303\\251"', "%C3%A9"
    assert hammer(app, routes, real, token, cookies, [*FIELDS, *OURS]) == []
