"""Worksheets (Bærekrafthjelperen) and finished dilemma sessions a workshop can show as slides.

The choice is stored in the workshop's `toolbox` list as "worksheet:<id>" and "dilemma:<id>"; only
the organisation's own rows are ever offered, accepted or shown.
"""

from sqlmodel import Session, col, select

from app.models.dilemmas import DilemmaSession
from app.models.sustainability import Worksheet
from app.models.workshops import Workshop

KINDS = ("worksheet", "dilemma")
OFFERED_MAX = 100  # the newest this many of each are offered on the form


def worksheets(session: Session, organisation_id: int) -> list[Worksheet]:
    stmt = select(Worksheet).where(Worksheet.organisation_id == organisation_id)
    return list(session.exec(stmt.order_by(col(Worksheet.id).desc()).limit(OFFERED_MAX)))


def dilemmas(session: Session, organisation_id: int) -> list[DilemmaSession]:
    """The organisation's finished (closed) sessions: their report no longer changes."""
    stmt = select(DilemmaSession).where(DilemmaSession.organisation_id == organisation_id,
                                        col(DilemmaSession.closed_at).is_not(None))
    return list(session.exec(stmt.order_by(col(DilemmaSession.id).desc()).limit(OFFERED_MAX)))


def keys(kind: str, ids: list[str]) -> list[str]:
    return [f"{kind}:{i}" for i in dict.fromkeys(ids)]


def chosen(workshop: Workshop, kind: str) -> list[int]:
    """The ids of one kind, in the order chosen."""
    prefix = f"{kind}:"
    return [int(c[len(prefix):]) for c in workshop.toolbox
            if c.startswith(prefix) and c[len(prefix):].isdigit()]


def chosen_worksheets(session: Session, workshop: Workshop) -> list[Worksheet]:
    """The chosen worksheets still there and of the workshop's own organisation."""
    ids = chosen(workshop, "worksheet")
    if not ids:
        return []
    stmt = select(Worksheet).where(col(Worksheet.id).in_(ids),
                                   Worksheet.organisation_id == workshop.organisation_id)
    found = {w.id: w for w in session.exec(stmt)}
    return [found[i] for i in ids if i in found]


def chosen_dilemmas(session: Session, workshop: Workshop) -> list[DilemmaSession]:
    """The chosen sessions still there, finished, and of the workshop's own organisation."""
    ids = chosen(workshop, "dilemma")
    if not ids:
        return []
    stmt = select(DilemmaSession).where(col(DilemmaSession.id).in_(ids),
                                        DilemmaSession.organisation_id == workshop.organisation_id,
                                        col(DilemmaSession.closed_at).is_not(None))
    found = {d.id: d for d in session.exec(stmt)}
    return [found[i] for i in ids if i in found]
