"""The baseline: a bare FastAPI endpoint that inserts the same rows in one transaction,
with no validation, no idempotency check and no middleware."""

import os

from fastapi import FastAPI, Request
from sqlalchemy import insert

from app.db import make_engine
from app.models import Answer, ProfileAnswer, Response

engine = make_engine(os.environ["DATABASE_URL"]).execution_options(writer=True)
app = FastAPI()


@app.post("/api/v1/campaigns/{slug}/responses", status_code=201)
async def bare(slug: str, request: Request) -> dict[str, str]:
    body = await request.json()
    rid = body["id"]
    with engine.begin() as conn:
        conn.execute(insert(Response), [{
            "id": rid, "campaign_id": 1, "area_id": 1, "mode": body["mode"],
            "locale": body["locale"], "survey_version": 1, "is_consensus": False,
            "is_demo": False, "group_label": None, "body_hash": "-",
        }])
        conn.execute(insert(Answer), [
            {"response_id": rid, "theme": t, "score": a.get("score"), "good": a.get("good"),
             "better": a.get("better")} for t, a in body["answers"].items()])
        conn.execute(insert(ProfileAnswer), [
            {"response_id": rid, "question": q, "value": v} for q, v in body["profile"].items()])
    return {"id": rid}
