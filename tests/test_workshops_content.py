"""What the slides show, read from the results and bylab domains: rounds, campaigns, who is missing."""

import uuid

from sqlmodel import Session

from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.responses.schemas import ResponseIn
from app.responses.service import submit
from app.workshops import deck, service
from app.workshops.service import WorkshopForm
from tests.helpers import themes
from tests.workshops_support import LOW, SECOND, demo_like


def _later_round(session: Session, s) -> object:  # type: ignore[no-untyped-def]
    """The same areas assessed again a year later: LOW now scores 5 everywhere."""
    data = CampaignIn(slug="sentrum-2028", title="Stedskompass 2028", survey="stedskompasset",
                      status="open", areas=[AreaIn(slug="sentrum", name="Sentrum"),
                                            AreaIn(slug="nordbyen", name="Nordbyen")])
    later = create_campaign(session, data, s.user, previous_campaign_id=s.campaign.id)
    for _k in range(6):
        scores = {t: 6 for t in themes()} | {LOW: 5}
        body = ResponseIn(id=uuid.uuid4(), area="sentrum", mode="survey", locale="nb",
                          answers={t: {"score": v} for t, v in scores.items()}, profile={})
        assert submit(session, later, body, staff=s.user).created
    return later


def test_round_against_round_and_two_campaigns(session: Session) -> None:
    s = demo_like(session)
    later = _later_round(session, s)
    form = WorkshopForm(title="Verksted", points="5", campaigns=[str(later.id), str(s.campaign.id)],
                        areas=[f"{later.id}:sentrum", f"{s.campaign.id}:sentrum"], comparisons=["round"],
                        themes=[LOW])
    assert service.validate(session, s.user, form)[0] == {}
    workshop = service.create(session, s.user, form)
    slides = deck.slides(session, workshop, "nb")
    compasses = [x for x in slides if x["kind"] == "compass"]
    # Only the later campaign has an earlier round, so one round comparison, in the order chosen.
    assert [c["title"] for c in compasses] == ["Stedskompass 2028: Runde mot runde"]
    groups = compasses[0]["compass"]["groups"]
    assert [g.label for g in groups] == ["Forrige runde: Stedskompass Sentrum og Nordbyen",
                                         "Denne runden: Stedskompass 2028"]
    index = themes().index(LOW)
    assert groups[1].themes[index].mean == 5.0
    svg = compasses[0]["compass"]["svg"]
    assert 'stroke="#0072B2"' in svg and 'stroke="#D55E00"' in svg  # two lines drawn
    who = [x for x in slides if x["kind"] == "who"]
    assert [w["view"].campaign.slug for w in who] == ["sentrum-2028", "sentrum-2027"]
    # The focus theme slide holds one table per campaign.
    theme = next(x for x in slides if x["kind"] == "theme")
    assert theme["title"] == "Gå og sykle" and len(theme["campaigns"]) == 2


def test_who_is_missing_comes_from_the_population_counts(session: Session) -> None:
    s = demo_like(session)
    cid = s.campaign.id
    workshop = service.create(session, s.user, WorkshopForm(
        title="Verksted", points="10", campaigns=[str(cid)], areas=[f"{cid}:nordbyen"], comparisons=["area"],
        themes=[SECOND]))
    view = next(x for x in deck.slides(session, workshop, "nb") if x["kind"] == "who")["view"]
    rep = view.representation
    assert rep is not None
    shares = {b.band: b for b in rep.bands}
    assert round(shares["25-34"].pop_share, 2) == 0.42  # 500 of 1 200 residents per area
    assert shares["67-79"].hidden  # 3 answers: results hides the band, and so do the slides
    assert [a["name"] for a in view.areas] == ["Nordbyen"] and view.areas[0]["n"] == 16
    assert view.band_labels["67-79"] == "67–79 år"
