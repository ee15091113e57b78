"""The baseline: a bare FastAPI app that validates the same JSON with pydantic and inserts the
same rows in one transaction, as the FastAPI documentation would write it (a plain `def` route,
so the database work runs in the thread pool). No middleware, no idempotency check, no tallies."""

import os

from fastapi import FastAPI
from sqlalchemy import insert

from app.db import make_engine
from app.models import Answer, ProfileAnswer, Response
from app.models.common import utcnow
from app.responses.schemas import ResponseIn

engine = make_engine(os.environ["DATABASE_URL"]).execution_options(writer=True)
app = FastAPI()


@app.post("/api/v1/campaigns/{slug}/responses", status_code=201)
def bare(slug: str, data: ResponseIn) -> dict[str, str]:
    rid = str(data.id)
    with engine.begin() as conn:
        conn.execute(insert(Response), [{
            "id": rid, "campaign_id": 1, "area_id": 1, "mode": data.mode, "locale": data.locale,
            "survey_version": 1, "is_consensus": False, "is_demo": False, "group_label": None,
            "body_hash": "-", "submitted_at": utcnow(),
        }])
        conn.execute(insert(Answer), [
            {"response_id": rid, "theme": t, "score": a.score, "good": a.good, "better": a.better}
            for t, a in data.answers.items()])
        if data.profile:
            conn.execute(insert(ProfileAnswer), [
                {"response_id": rid, "question": q, "value": v} for q, v in data.profile.items()])
    return {"id": rid}
