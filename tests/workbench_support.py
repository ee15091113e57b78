"""Shared by the workbench tests: a board full of comments and ideas, made through the models."""

import uuid

from sqlmodel import select

from app.campaigns.schemas import AreaIn, CampaignIn
from app.campaigns.service import create_campaign
from app.db import unit_of_work
from app.models import Board, Campaign, Idea, IdeaComment, IdeaFlag, User


def make_campaign(username: str, slug: str = "sentrum-2027", status: str = "open") -> Campaign:
    """A campaign with two areas, made by the user (a service call, one transaction)."""
    with unit_of_work() as s:
        user = s.exec(select(User).where(User.username == username)).one()
        return create_campaign(
            s,
            CampaignIn(
                slug=slug,
                title=slug.replace("-", " ").title(),
                survey="stedskompasset",
                status=status,
                locales=["nb", "en"],
                areas=[AreaIn(slug="sentrum", name="Sentrum"), AreaIn(slug="nordbyen", name="Nordbyen")],
            ),
            user,
        )


def busy_board(username: str, comments: int, moderation: str = "pre") -> tuple[str, list[str]]:
    """A board with one reported idea and `comments` comments on it (waiting when pre-moderated);
    returns the board's slug and the idea ids."""
    campaign = make_campaign(username, slug=f"k-{uuid.uuid4().hex[:6]}")
    with unit_of_work() as s:
        board = Board(
            slug=f"b-{uuid.uuid4().hex[:6]}",
            campaign_id=campaign.id,
            organisation_id=campaign.organisation_id,
            title="Torget",
            moderation=moderation,
        )
        s.add(board)
        s.flush()
        ideas = [
            Idea(
                id=str(uuid.uuid4()),
                board_id=board.id,
                title=f"Idé {n}",
                description=f"Beskrivelse {n}",
                proposer_type="resident",
                locale="nb",
                participant="p",
            )
            for n in range(2)
        ]
        s.add_all(ideas)
        s.flush()
        s.add(IdeaFlag(idea_id=ideas[0].id, participant="q", reason="Nevner en person ved navn"))
        state = "pending" if moderation == "pre" else "visible"
        s.add_all(
            [
                IdeaComment(
                    id=str(uuid.uuid4()),
                    idea_id=ideas[n % 2].id,
                    body=f"Kommentar {n}",
                    locale="nb",
                    participant=f"p{n}",
                    visibility=state,
                )
                for n in range(comments)
            ]
        )
        return board.slug, [i.id for i in ideas]
