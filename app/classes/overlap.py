"""Whether the class compass may be shown beside the published results.

The release cutter keeps every class apart (`app.results.release_units`): its answers are held
while it runs, then released whole as exactly the figures its compass shows, never in a batch with
a few other people. So the compass adds nothing to any combination of public figures, from any
releases, as long as every release cut since the session opened was cut that way. This checks it
from the stored releases (one cut before classes were kept apart, or one holding the class as other
figures than its compass shows, withholds the compass); staff who may run a class may export
single responses anyway, so live staff figures add nothing here.
"""

from sqlmodel import Session, col, select

from app.models import Campaign
from app.models.classes import ClassSession
from app.models.disclosure import ResultRelease
from app.results import release_units
from app.results.disclosure import Counts, threshold


def gives_away(session: Session, campaign: Campaign, cs: ClassSession, mine: Counts) -> bool:
    """True when some release since the session opened did not keep the class apart as `mine`
    (the class's counts) shows it."""
    survey = "" if cs.survey_slug in (None, campaign.survey_slug) else cs.survey_slug
    part = f"{release_units.cell_key(survey, str(cs.area_id))}{release_units.UNIT}{cs.id}"
    shown = release_units.visible(mine, threshold(campaign))
    stmt = select(ResultRelease.counts).where(ResultRelease.campaign_id == campaign.id,
                                              col(ResultRelease.created_at) >= cs.created_at)
    for counts in session.exec(stmt):
        if not release_units.keeps_apart(counts):
            return True
        held = release_units.state(counts).get(part)
        if held is not None and held != shown:
            return True
    return False
