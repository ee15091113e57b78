"""The population upload parses the CSV before its write transaction begins."""

from sqlalchemy import event
from sqlmodel import Session, select

from app.models.results import PopulationCount
from app.results import population
from tests.results_helpers import campaign, csrf_of, login

CSV = "area,age_band,gender,count\n" + "".join(
    f"{a},{b},total,{n}\n" for a in ("sentrum", "nord") for b, n in (("16-19", 40), ("25-34", 60)))


def test_csv_is_parsed_before_the_write_transaction_begins(client, session, monkeypatch):
    _, u = campaign(session)
    login(client, u)
    form = client.get("/staff/results/res/population")
    events: list[str] = []
    parse = population.parse_csv

    def parse_and_note(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("parse")
        return parse(*args, **kwargs)

    def began(_session, _transaction, connection) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get("writer"):
            events.append("write transaction")

    monkeypatch.setattr(population, "parse_csv", parse_and_note)
    event.listen(Session, "after_begin", began)
    try:
        r = client.post("/staff/results/res/population", data={"csrf": csrf_of(form.text)},
                        files={"file": ("p.csv", CSV.encode())}, follow_redirects=False)
    finally:
        event.remove(Session, "after_begin", began)
    assert r.status_code == 303, r.text
    assert events[:2] == ["parse", "write transaction"]
    session.rollback()
    assert len(session.exec(select(PopulationCount)).all()) == 4
