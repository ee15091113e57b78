"""Every dilemma route, with a real session, groups and a principle behind it, gets control
characters, huge ids and non-ASCII digits in its path, query, form and cookies (the hammer of
tests/test_input_routes.py): nothing answers 500, as an admin, an admitted phone or a stranger."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.main import app
from app.models.dilemmas import DilemmaPrinciple
from tests import test_input_routes
from tests.dilemmas_support import group_ids, phone, row_of, start
from tests.staff_support import csrf_of, logged_in
from tests.test_input_routes import ODD_COOKIES, _hammer, _walk

# This part's own form fields, on top of the ones every route gets.
OURS = ["step", "to", "back", "closed", "text", "conflicts", "winwin", "e-bolig", "e-klima_miljo", "scenario",
        "groups"]


@pytest.mark.parametrize("visitor", ["admin", "phone", "odd cookies"])
def test_no_dilemma_route_answers_500(session: Session, visitor: str, monkeypatch) -> None:
    monkeypatch.setattr(test_input_routes, "FIELDS", [*test_input_routes.FIELDS, *OURS])
    admin, _ = logged_in(session, "admin")
    sid = start(admin)
    pid = str(uuid.uuid4())
    session.add(DilemmaPrinciple(id=pid, session_id=sid, text="Jord først"))
    session.commit()
    real = {"session_id": str(sid), "group_id": str(group_ids(session, sid)[0]), "principle_id": pid}
    routes = [r for r in _walk(app.routes) if r.path.startswith(("/d", "/staff/dilemmas"))]
    assert len(routes) >= 15
    if visitor == "admin":
        token = csrf_of(admin.get("/staff").text)
        client = TestClient(app, raise_server_exceptions=False, cookies=dict(admin.cookies))
    elif visitor == "phone":
        admitted = phone(row_of(session, sid).code, sid)
        token = csrf_of(admitted.get("/d").text)
        client = TestClient(app, raise_server_exceptions=False, cookies=dict(admitted.cookies))
    else:
        client = TestClient(app, raise_server_exceptions=False,
                            headers={"cookie": ODD_COOKIES + f'; dilemma{sid}="\\303\\251"'})
        token = "%C3%A9"
    assert _hammer(client, routes, real, token) == []
