"""What must hold before a production server takes requests."""

from sqlalchemy import exc
from sqlmodel import select

from app.config import Settings, production_problems
from app.db import read_only
from app.models import Campaign


def demo_data_present() -> bool:
    """Whether the database holds demo campaigns (False when it is not migrated yet)."""
    try:
        with read_only() as session:
            return session.exec(select(Campaign.id).where(Campaign.is_demo).limit(1)).first() is not None
    except exc.DBAPIError:
        return False


def startup_problems(settings: Settings, *, workers: int | None = None) -> list[str]:
    """Every reason not to start: the settings, then (in production) demo data in the database."""
    problems = production_problems(settings, workers=workers)
    if settings.env == "production" and demo_data_present():
        problems.append("The database holds demo data (synthetic responses): production never "
                        "serves it. Use a database made with `medvirk setup --no-demo-data`.")
    return problems
