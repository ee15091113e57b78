"""Whether the class compass, beside the published results, would give away a few other people.

The class is a part of its area. Anyone in the classroom can open the public results: if the
published region holding the class (its area, or the hidden areas together when the area is
hidden) or the published total held 1..k-1 more answers than the class, subtracting the class
compass from it would show those few people's answers. Checked for the responses and, theme by
theme, for the answers and the scores, against the latest public release; staff who may run a
class may export single responses anyway, so live staff figures add nothing here.
"""

from sqlmodel import Session

from app.models import Campaign
from app.results import disclosure
from app.results.disclosure import Counts, responses_in
from app.results.service import tally_key
from app.results.stats import Points


def _measures(counts: list[int] | None) -> tuple[int, int]:
    """(answers, scores) of a count list: don't know counts as an answer, not as a score."""
    return (sum(counts), sum(counts[1:])) if counts else (0, 0)


def _few(region: tuple[int, int], part: tuple[int, int], k: int) -> bool:
    return any(0 < whole - mine < k for whole, mine in zip(region, part, strict=True))


def gives_away(session: Session, campaign: Campaign, version: str | None, area_slug: str, mine: Counts,
               themes: list[str], points: Points) -> bool:
    """True when subtracting the class's counts from a public figure of its survey version leaves
    1..k-1 people."""
    if not campaign.results_public:
        return False
    areas, _consensus, release = disclosure.released(session, campaign, tally_key(campaign, version))
    if release is None or area_slug not in areas:
        return False  # the class's area is in no published figure yet
    k = disclosure.threshold(campaign)
    total = disclosure.add_counts(list(areas.values()))
    table = disclosure.protect(total, areas, themes, k, points)

    def summed(slugs: list[str], key: str) -> tuple[int, int]:
        pairs = [_measures(areas[s].get(key)) for s in slugs]
        return sum(a for a, _ in pairs), sum(b for _, b in pairs)

    n = responses_in(mine)
    shown = table.parts[area_slug][0] is not None
    region = [area_slug] if shown else [s for s in areas if table.parts[s][0] is None]
    if table.n is not None and (_few((responses_in(total), 0), (n, 0), k)
                                or _few((sum(responses_in(areas[s]) for s in region), 0), (n, 0), k)):
        return True
    for i, theme in enumerate(themes):
        if table.themes[i].hidden:
            continue  # nothing of this theme is published
        if not table.parts[area_slug][1][i].hidden:
            region = [area_slug]
        else:
            region = [s for s in areas if table.parts[s][1][i].hidden]
        own = _measures(mine.get(theme))
        if _few(summed(region, theme), own, k) or _few(_measures(total.get(theme)), own, k):
            return True
    return False
