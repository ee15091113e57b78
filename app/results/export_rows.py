"""A campaign's responses as export cells, read with SQLAlchemy Core: no ORM instance per row.

One ordered scan of the campaign's responses (by id) runs from start to end; for each batch of
it, three keyed look-ups fetch the batch's answers, approved comment reviews and profile answers
(primary-key reads on both databases). So the work per response is constant, memory holds
one batch, and rows leave as soon as their batch is read: no sort of the answers, no long silence
before the first row and no query that grows with the offset.
"""

from collections.abc import Iterator

from sqlalchemy import ARRAY, Connection, String, any_, bindparam, select

from app.common.text import neutralise_formula
from app.models import Answer, Area, Campaign, ProfileAnswer, Response
from app.models.results import CommentReview
from app.results.masking import mask
from app.results.service import survey_of
from app.surveys.service import offered

BATCH = 1000
BASE = ["response_id", "area", "mode", "locale", "survey_version", "submitted_at", "is_consensus",
        "group_label", "is_demo"]
_R, _A, _P = Response.__table__, Answer.__table__, ProfileAnswer.__table__  # type: ignore[attr-defined]
_C, _AREA = CommentReview.__table__, Area.__table__  # type: ignore[attr-defined]
RESPONSES = (select(_R.c.id, _R.c.area_id, _R.c.mode, _R.c.locale, _R.c.survey_version,
                    _R.c.submitted_at, _R.c.is_consensus, _R.c.group_label, _R.c.is_demo, _R.c.survey_slug)
             .where(_R.c.campaign_id == bindparam("campaign")).order_by(_R.c.id)
             # A server-side cursor on PostgreSQL, so the scan never sits whole in memory (this
             # statement's option only: the keyed reads beside it stay plain, one round trip each).
             .execution_options(stream_results=True, yield_per=BATCH))


def _keyed(*cols, table, extra=(), postgresql: bool = False):  # type: ignore[no-untyped-def]
    """A read of `cols` for a batch of response ids: `= ANY(array)` on PostgreSQL (one parameter,
    one cached statement), an expanding IN elsewhere."""
    key = table.c.response_id
    if postgresql:
        test = key == any_(bindparam("ids", type_=ARRAY(String)))
    else:
        test = key.in_(bindparam("ids", expanding=True))
    return select(*cols).where(test, *extra)


def _reads(postgresql: bool):  # type: ignore[no-untyped-def]
    """The batch reads: answers, approved comment reviews, profile answers."""
    return (_keyed(_A.c.response_id, _A.c.theme, _A.c.score, _A.c.good, _A.c.better, _A.c.skipped,
                   table=_A, postgresql=postgresql),
            _keyed(_C.c.response_id, _C.c.theme, _C.c.kind, table=_C, extra=(_C.c.status == "approved",),
                   postgresql=postgresql),
            _keyed(_P.c.response_id, _P.c.question, _P.c.value, table=_P, postgresql=postgresql))


READS = {False: _reads(False), True: _reads(True)}
_SKIPPED = ("", "", "")


def _union(lists: Iterator[list[str]]) -> list[str]:
    return list(dict.fromkeys(key for keys in lists for key in keys))


def themes_in(campaign: Campaign) -> list[str]:
    """The themes of every survey version the campaign offers: its own survey's first, in order."""
    return _union(survey_of(campaign, v).theme_slugs for v in offered(campaign))


def questions_of(campaign: Campaign) -> list[str]:
    """The profile question keys of every version offered, in the definitions' order."""
    return _union([q.key for q in survey_of(campaign, v).profile] for v in offered(campaign))


def base_of(campaign: Campaign) -> list[str]:
    """The fixed columns; with several versions on offer, `survey` says which one a row answered
    (so scores on different scales are never read as one)."""
    return [*BASE, "survey"] if len(offered(campaign)) > 1 else BASE


def columns(campaign: Campaign) -> list[str]:
    """The fixed header of a campaign's export."""
    per_theme = [c for t in themes_in(campaign) for c in (t, f"{t}_good", f"{t}_better")]
    return [*base_of(campaign), *per_theme, *(f"profile_{q}" for q in questions_of(campaign))]


def batches(conn: Connection, campaign: Campaign) -> Iterator[list[list[object]]]:
    """Every response of the campaign as a row of cells, in response id order, BATCH at a time."""
    themes, questions = themes_in(campaign), questions_of(campaign)
    version = campaign.survey_slug if len(offered(campaign)) > 1 else None
    stmt = select(_AREA.c.id, _AREA.c.slug).where(_AREA.c.campaign_id == campaign.id)
    areas: dict[int, str] = {a: slug for a, slug in conn.execute(stmt)}
    answers_of, approved_of, profile_of = READS[conn.dialect.name == "postgresql"]
    for part in conn.execute(RESPONSES, {"campaign": campaign.id}).partitions(BATCH):
        ids = [r[0] for r in part]
        answers: dict[str, dict[str, tuple]] = {}
        for rid, theme, score, good, better, skipped in conn.execute(answers_of, {"ids": ids}):
            answers.setdefault(rid, {})[theme] = (score, good, better, skipped)
        approved = {(rid, theme, kind) for rid, theme, kind in conn.execute(approved_of, {"ids": ids})}
        profile: dict[str, dict[str, str]] = {}
        for rid, question, value in conn.execute(profile_of, {"ids": ids}):
            profile.setdefault(rid, {})[question] = value
        yield [_row(r, areas, themes, questions, answers.get(r[0], {}), approved, profile.get(r[0], {}),
                    version) for r in part]


def _row(r: tuple, areas: dict, themes: list[str], questions: list[str], answers: dict,
         approved: set, profile: dict, main: str | None) -> list[object]:
    rid, area_id, mode, locale, version, submitted_at, consensus, group, demo, survey = r
    out: list[object] = [rid, areas.get(area_id, ""), mode, locale, version, submitted_at.isoformat(),
                         int(consensus), neutralise_formula(group or ""), int(demo)]
    if main is not None:  # several versions on offer: name the one answered
        out.append(survey or main)
    for t in themes:
        answer = answers.get(t)
        if answer is None:
            out.extend(_SKIPPED)
            continue
        score, good, better, skipped = answer
        out.append("" if skipped else "dk" if score is None else score)
        # Only comments staff approved leave the building, masked and formula-safe.
        out.append(neutralise_formula(mask(good)) if good and (rid, t, "good") in approved else "")
        out.append(neutralise_formula(mask(better)) if better and (rid, t, "better") in approved else "")
    out.extend(profile.get(q, "") for q in questions)
    return out
