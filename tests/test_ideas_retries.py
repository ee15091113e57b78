"""A post that loses a race to its own twin (the same form sent twice at once) is stored once, and
the savepoint keeps the rest of the use case: what the request writes next is still committed."""

import uuid

import pytest
from sqlmodel import Session, func, select

from app.db import unit_of_work
from app.ideas import service
from app.models.ideas import Board, Idea, IdeaComment, IdeaFlag, Support
from tests.ideas_support import plain_board


def _idea_data() -> dict:
    return {"id": str(uuid.uuid4()), "title": "Benker", "description": "Flere benker.",
            "themes": ["moving_around"], "place": "", "proposer_type": "resident", "proposer_name": "",
            "actors": ["together"]}


def _blind_once(monkeypatch: pytest.MonkeyPatch, session: Session, model: type) -> None:
    """The first look-up of `model` misses: the twin request stored the row just after it."""
    real, missed = session.get, []

    def get(entity, key, **kwargs):  # type: ignore[no-untyped-def]
        if entity is model and not missed:
            missed.append(key)
            return None
        return real(entity, key, **kwargs)

    monkeypatch.setattr(session, "get", get)


def _count(session: Session, model: type) -> int:
    session.rollback()
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_a_twin_idea_and_comment_are_stored_once_and_the_use_case_goes_on(session, monkeypatch):
    _staff, board = plain_board(session)
    data = _idea_data()
    comment = {"id": str(uuid.uuid4()), "body": "Enig", "author_name": "", "parent_id": None}
    with unit_of_work() as s:
        first = s.get(Board, board.id)
        idea = service.create_idea(s, first, data, "p1", "nb")
        service.add_comment(s, first, idea, comment, "p1", "nb")
    with unit_of_work() as s:
        again_board = s.get(Board, board.id)
        _blind_once(monkeypatch, s, Idea)
        again = service.create_idea(s, again_board, data, "p1", "nb")
        assert again.id == data["id"]
        monkeypatch.undo()
        _blind_once(monkeypatch, s, IdeaComment)
        assert service.add_comment(s, again_board, again, comment, "p1", "nb").id == comment["id"]
        monkeypatch.undo()
        assert service.support(s, again, "p2")  # after both failed inserts, the transaction still writes
    assert (_count(session, Idea), _count(session, IdeaComment), _count(session, Support)) == (1, 1, 1)


def test_a_twin_support_or_report_counts_once(session, monkeypatch):
    _staff, board = plain_board(session)
    data = _idea_data()
    with unit_of_work() as s:
        idea = service.create_idea(s, s.get(Board, board.id), data, "p1", "nb")
        assert service.support(s, idea, "p2") and service.flag(s, idea, "p2", "Reklame")
    with unit_of_work() as s:
        idea = s.get(Idea, data["id"])
        _blind_once(monkeypatch, s, Support)
        assert service.support(s, idea, "p2") is False
        monkeypatch.undo()
        _blind_once(monkeypatch, s, IdeaFlag)
        assert service.flag(s, idea, "p2", "Reklame") is False
        monkeypatch.undo()
        assert service.support(s, idea, "p3")
    assert (_count(session, Support), _count(session, IdeaFlag)) == (2, 1)
