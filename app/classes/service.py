"""Open, find and end class sessions; count progress; the class's own counts for its compass.

A pupil's answers are an ordinary resident response (mode survey) made from a draft this session
started, so they count in the campaign like any other and the submit path is not touched: the
session knows its pupils by the response ids their drafts will be sent under.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app.admin.forms import N_, FormError
from app.campaigns.access import invitation_only, refusal
from app.common.paging import Page, paginate
from app.common.text import id_or_none
from app.models import Area, Campaign, User
from app.models.classes import ClassPupil, ClassSession
from app.models.common import utcnow
from app.models.results import RESPONSES
from app.results import release_units
from app.results.disclosure import Counts, threshold
from app.surveys.definitions import Survey, get_survey
from app.surveys.service import definition_for, offered

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # the workshop codes' letters: no 0/O, 1/I
CODE_LENGTH = 6  # short enough for a nine-year-old; the per-device throttle makes guessing slow
OPEN_FOR = release_units.OPEN_FOR  # a lesson, with room to spare; then the code lets nobody in
MAX_PUPILS = 120  # joins per session: several classes at once, never an unbounded stream of drafts
TITLE_MAX = 100
PAGE_SIZE = 25


@dataclass
class ClassForm:
    """The new-session form as typed; `place` is "<campaign id>:<area slug>"."""

    place: str = ""
    title: str = ""
    version: str = ""


@dataclass
class Progress:
    """How many pupils joined and how many sent their answers: counts only, never who."""

    started: int
    done: int
    k: int

    @property
    def needed(self) -> int:
        """How many more answers the class compass needs."""
        return max(0, self.k - self.done)


def open_campaigns(session: Session, organisation_id: int) -> list[tuple[Campaign, list[Area]]]:
    """The organisation's campaigns that take answers now, each with its areas."""
    stmt = select(Campaign).where(Campaign.organisation_id == organisation_id, Campaign.status == "open",
                                  col(Campaign.archived_at).is_(None)).order_by(col(Campaign.id).desc())
    found = [c for c in session.exec(stmt) if refusal(c) is None and not invitation_only(c)]
    areas: dict[int, list[Area]] = {}
    if found:
        rows = session.exec(select(Area).where(col(Area.campaign_id).in_([c.id for c in found]))
                            .order_by(col(Area.id)))
        for a in rows:
            areas.setdefault(a.campaign_id, []).append(a)
    return [(c, areas.get(c.id or 0, [])) for c in found]


def create(session: Session, user: User, form: ClassForm) -> ClassSession:
    """Open a session for one of the organisation's open campaigns and one of its areas."""
    errors: dict[str, str] = {}
    choices = {c.id: (c, areas) for c, areas in open_campaigns(session, user.organisation_id)}
    cid, _, slug = form.place.partition(":")
    chosen = choices.get(id_or_none(cid))
    area = next((a for a in chosen[1] if a.slug == slug), None) if chosen else None
    if chosen is None or area is None:
        errors["place"] = N_("Choose an open survey and the area the class answers about.")
    elif form.version and form.version not in offered(chosen[0]):
        errors["version"] = N_("Choose a version this survey offers.")
    title = form.title.strip()
    if not title or len(title) > TITLE_MAX:
        errors["title"] = N_("Name the class, for example 6B Nordby school (at most 100 characters).")
    if errors:
        raise FormError(errors)
    assert chosen is not None and area is not None and area.id is not None and user.id is not None
    version = form.version if form.version and form.version != chosen[0].survey_slug else None
    row = ClassSession(campaign_id=chosen[0].id, area_id=area.id, title=title,  # type: ignore[arg-type]
                       survey_slug=version, code=_free_code(session), created_by=user.id)
    session.add(row)
    session.flush()
    return row


def version_choices(choices: list[tuple[Campaign, list[Area]]], lang: str) -> list[tuple[str, str]]:
    """(slug, title) of every survey version the open campaigns offer besides their own."""
    out: dict[str, str] = {}
    for campaign, _areas in choices:
        for slug in offered(campaign)[1:]:
            survey = get_survey(slug)
            if survey is not None:
                out.setdefault(slug, survey.title.get(lang) or survey.title[survey.default_locale])
    return list(out.items())


def survey_of(session: Session, cs: ClassSession, campaign: Campaign) -> Survey:
    """The survey the class answers: the version it chose, or the campaign's own."""
    found = (get_survey(cs.survey_slug) if cs.survey_slug
             else definition_for(session, campaign.survey_slug, campaign.survey_version))
    assert found is not None
    return found


def _free_code(session: Session) -> str:
    while True:  # 32^6 codes: a clash is rare, and a second draw settles it
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if session.exec(select(ClassSession.id).where(ClassSession.code == code)).first() is None:
            return code


Found = tuple[ClassSession, Campaign, Area]


def find(session: Session, organisation_id: int, session_id: int) -> Found | None:
    """A session of this organisation with its campaign and area, or None."""
    if not 0 < session_id < 2**31:
        return None
    found = session.exec(
        select(ClassSession, Campaign, Area)
        .join(Campaign, col(Campaign.id) == col(ClassSession.campaign_id))
        .join(Area, col(Area.id) == col(ClassSession.area_id))
        .where(ClassSession.id == session_id, Campaign.organisation_id == organisation_id)).first()
    return (found[0], found[1], found[2]) if found else None


def sessions_page(session: Session, organisation_id: int, number: int) -> Page:
    """The organisation's sessions, newest first, with their campaigns."""
    stmt = (select(ClassSession, Campaign).join(Campaign, col(Campaign.id) == col(ClassSession.campaign_id))
            .where(Campaign.organisation_id == organisation_id).order_by(col(ClassSession.id).desc()))
    return paginate(stmt, session, number, PAGE_SIZE)


def normalise(typed: str) -> str:
    """Codes are typed on phones and Chromebooks: ignore case, spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:16]


def by_code(session: Session, typed: str) -> ClassSession | None:
    """The session with this code (only reads); the caller throttles wrong codes per device."""
    code = normalise(typed)
    if len(code) != CODE_LENGTH or not set(code) <= set(ALPHABET):
        return None
    return session.exec(select(ClassSession).where(ClassSession.code == code)).first()


def joinable(cs: ClassSession, campaign: Campaign, started: int) -> str | None:
    """Why a pupil cannot join now ('ended', 'closed', 'full'), or None."""
    if cs.ended_at is not None or utcnow() - cs.created_at > OPEN_FOR:
        return "ended"
    if refusal(campaign) is not None or invitation_only(campaign):
        return "closed"
    return "full" if started >= MAX_PUPILS else None


def add_pupil(session: Session, cs: ClassSession, response_id: str) -> None:
    """Remember that the draft with this response id was started in the session."""
    session.add(ClassPupil(response_id=response_id, class_session_id=cs.id))  # type: ignore[arg-type]


def is_pupil(session: Session, cs: ClassSession, response_id: str) -> bool:
    row = session.get(ClassPupil, response_id)
    return row is not None and row.class_session_id == cs.id


def _sent(cs: ClassSession):  # type: ignore[no-untyped-def]
    """The session's responses that exist (a withdrawn one is gone), about its area in its version,
    up to the end when it ended: the same ones the release cutter keeps apart."""
    assert cs.id is not None
    return release_units.sent(cs.id)


def started(session: Session, cs: ClassSession) -> int:
    stmt = select(func.count()).select_from(ClassPupil).where(ClassPupil.class_session_id == cs.id)
    return int(session.exec(stmt).one())


def progress(session: Session, cs: ClassSession, campaign: Campaign) -> Progress:
    """Joined and done, as two counts."""
    done = session.exec(select(func.count()).select_from(_sent(cs).subquery())).one()
    return Progress(started(session, cs), int(done), threshold(campaign))


def end(session: Session, cs: ClassSession, campaign: Campaign) -> Progress:
    """End the session and fix the answers its compass counts; refused below k, and once the
    session ran out (its answers have become ordinary ones by then), and nothing changes."""
    now = utcnow()
    if release_units.lapsed(cs, now):
        raise FormError({"end": LAPSED})
    shown = progress(session, cs, campaign)
    if shown.done < shown.k:
        raise FormError({"end": N_("The class compass needs at least %(k)s answers: %(n)s more.")},
                        {"end": {"k": shown.k, "n": shown.needed}})
    # Exactly the answers this transaction sees: one committed a moment later is an ordinary answer.
    ids = list(session.exec(_sent(cs)))
    session.exec(update(ClassPupil).where(col(ClassPupil.class_session_id) == cs.id,  # type: ignore[call-overload]
                                          col(ClassPupil.response_id).in_(ids)).values(counted=True))
    cs.ended_at = now
    cs.shown_count = len(ids)
    session.add(cs)
    return progress(session, cs, campaign)


LAPSED = N_("This session ran out 12 hours after it was opened without being ended: its answers "
            "count in the survey's results, but no class compass is shown.")


def compass_state(session: Session, cs: ClassSession, campaign: Campaign) -> str:
    """'open' (not ended), 'lapsed' (ran out, never ended), 'withdrawn' (answers went after the
    end), 'few' (below k) or 'shown'."""
    if cs.ended_at is None:
        return "lapsed" if release_units.lapsed(cs, utcnow()) else "open"
    done = progress(session, cs, campaign).done
    if done != cs.shown_count:
        return "withdrawn"
    return "few" if done < threshold(campaign) else "shown"


def class_counts(session: Session, cs: ClassSession, width: int) -> Counts:
    """The class's answers as count lists (theme -> [don't know, then by score], `width` long) for
    the disclosure module, counted as the release cutter counts them."""
    assert cs.id is not None
    counts = release_units.class_counts(session, cs.campaign_id, only=cs.id).get(cs.id, {})
    counts.setdefault(RESPONSES, [0])
    return {theme: c + [0] * (width - len(c)) for theme, c in counts.items()}
