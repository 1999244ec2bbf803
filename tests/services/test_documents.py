"""After the pack: regeneration with feedback, embeddings, and the daily token budget."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import text

from bot.services.export import ExportService
from bot.services.problems import InputProblem
from playground.openai_api import OpenAIStandIn, parse_prompt
from storage.models import Application
from tests.services.conftest import PAIRS, Harness, wait_until, working

FEEDBACK = "Make it shorter, please; keep the PostgreSQL work."


async def full_pack(h: Harness, make_user: Any, pair: Any = None) -> Application:
    app = await h.start(make_user, pair)
    await h.generation.request_remaining(app.user_id, app.id, chat_id=None)

    async def done() -> bool:
        return await h.pack_done(app.user_id, app.id)

    async with working(h.worker()):
        await wait_until(done)
    return app


async def embedding_rows(h: Harness, user_id: UUID) -> dict[str, int]:
    async with h.db.as_user(user_id) as uow:
        conn = uow.connection
        jobs = (await conn.execute(text("SELECT count(*) FROM job_embeddings"))).scalar_one()
        docs = (await conn.execute(text("SELECT count(*) FROM document_embeddings"))).scalar_one()
        usage = (await conn.execute(text("SELECT count(*) FROM token_usage"))).scalar_one()
    return {"job": int(jobs), "document": int(docs), "usage": int(usage)}


async def test_regeneration_keeps_version_one_and_uses_feedback(
    harness: Harness, standin: OpenAIStandIn, make_user: Any
) -> None:
    h = harness
    app = await full_pack(h, make_user)
    job = await h.step(app, "optimized_resume", feedback=FEEDBACK)

    assert job.status == "done" and job.feedback == FEEDBACK
    async with h.db.as_user(app.user_id) as uow:
        versions = await uow.documents.versions(app.id, "optimized_resume")
    assert [(d.version, d.is_current) for d in versions] == [(1, False), (2, True)]
    v1, v2 = versions
    assert v2.feedback == FEEDBACK and v1.feedback is None
    assert len(v2.content) < len(v1.content), "the feedback asked for a shorter resume"
    assert "PostgreSQL" in v2.content
    other = await h.documents(app.user_id, app.id)
    assert sorted(
        (d.document_type, d.version) for d in other if d.document_type != "optimized_resume"
    ) == [
        ("cover_letter", 1),
        ("research_report", 1),
    ]
    if h.engine.name != "offline":
        body = standin.last_bodies["chat"]
        prompt = parse_prompt(body["messages"])
        assert prompt.step == "optimized_resume"
        assert prompt.blocks["feedback"] == FEEDBACK
        assert prompt.blocks["previous_version"] == v1.content.strip()
    # The new version is embedded too (its embed job ran with the step's drain).
    async with h.db.as_user(app.user_id) as uow:
        assert await uow.embeddings.documents_missing_embedding(app.id, h.embedding_model) == []

    # /export sends what the user would send (current versions); "/export all" every one.
    export = ExportService(h.db)
    for every, resumes in (
        (False, ["optimized_resume_v2"]),
        (True, ["optimized_resume_v1", "optimized_resume_v2"]),
    ):
        data, count = await export.build(app.user_id, all_versions=every)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = sorted(n.rpartition("/")[2] for n in archive.namelist() if n.endswith(".md"))
        assert [n.removesuffix(".md") for n in names if n.startswith("optimized")] == resumes
        assert count == 3 + every


async def test_pack_is_embedded_once(
    harness: Harness, standin: OpenAIStandIn, make_user: Any
) -> None:
    h = harness
    app = await full_pack(h, make_user)
    async with h.db.as_user(app.user_id) as uow:
        assert await uow.embeddings.has_application_embedding(app.id, h.embedding_model)
        assert await uow.embeddings.documents_missing_embedding(app.id, h.embedding_model) == []
        models = (
            await uow.connection.execute(
                text(
                    "SELECT DISTINCT model FROM document_embeddings UNION"
                    " SELECT DISTINCT model FROM job_embeddings"
                )
            )
        ).scalars()
        assert set(models) == {h.embedding_model}
    rows = await embedding_rows(h, app.user_id)
    assert rows["job"] == 1 and rows["document"] == 3

    embed_calls = standin.requests["embeddings"]
    async with h.db.as_user(app.user_id) as uow:
        again, created = await uow.jobs.enqueue(app.id, "embed")
    assert created
    await h.drain(app)
    assert (await h.job(app.user_id, again.id)).status == "done"
    assert await embedding_rows(h, app.user_id) == rows, "re-embedding added something"
    assert standin.requests["embeddings"] == embed_calls


async def test_budget_stops_new_steps_once_spent(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    pair = min(PAIRS, key=lambda p: len(p.posting) + len(p.resume))
    h: Harness = await make_harness(standin, daily_token_budget=1000)
    app = await h.start(make_user, pair)
    await h.step(app, "research_report")
    async with h.db.as_user(app.user_id) as uow:
        used = await uow.usage.used_last_24h()
    assert used > 1000
    with pytest.raises(InputProblem) as refused:
        await h.generation.request(app.user_id, app.id, "optimized_resume")
    assert refused.value.code == "budget"
    assert "1,000" in refused.value.message
    assert [j.kind for j in await h.active_jobs(app.user_id, app.id)] == []


async def test_offline_engine_never_hits_the_budget(make_harness: Any, make_user: Any) -> None:
    h: Harness = await make_harness(None, daily_token_budget=1000)
    app = await full_pack(h, make_user)
    job = await h.step(app, "cover_letter", feedback="shorter")
    assert job.status == "done"
    async with h.db.as_user(app.user_id) as uow:
        assert await uow.usage.used_last_24h() == 0
