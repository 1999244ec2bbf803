"""Model-server failures during a step: what is retried, what the user is told, what is kept."""

from __future__ import annotations

from typing import Any

import pytest

from playground.openai_api import OpenAIStandIn
from storage.models import Application, Job
from tests.services.conftest import Harness, wait_until, working


async def prepared(h: Harness, make_user: Any) -> Application:
    """An application whose research report exists; the next step is the optimized resume."""
    app = await h.start(make_user)
    job = await h.step(app, "research_report")
    assert job.status == "done"
    return app


async def run_until_settled(h: Harness, app: Application, job: Job) -> Job:
    """Run a worker until the job is done or failed for good."""

    async def settled() -> bool:
        return (await h.job(app.user_id, job.id)).status in ("done", "failed")

    async with working(h.worker()):
        await wait_until(settled)
    return await h.job(app.user_id, job.id)


async def assert_nothing_lost(h: Harness, app: Application) -> None:
    still = await h.application(app.user_id, app.id)
    assert still.job_description == app.job_description
    docs = await h.documents(app.user_id, app.id)
    research = [d for d in docs if d.document_type == "research_report"]
    assert [(d.version, d.is_current) for d in research] == [(1, True)]


async def test_rate_limit_with_retry_after_is_retried_by_the_client(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    h: Harness = await make_harness(standin)
    app = await prepared(h, make_user)
    before = standin.requests["chat"]
    standin.fail_next(429, endpoint="chat")  # carries retry-after: 1
    job = (await h.generation.request(app.user_id, app.id, "optimized_resume")).job
    job = await run_until_settled(h, app, job)
    assert job.status == "done" and job.attempts == 1
    assert standin.requests["chat"] - before == 2  # the 429, then the answer
    assert not h.notifier.failed
    assert h.notifier.finished[-1].document.document_type == "optimized_resume"


async def test_server_errors_beyond_client_retries_requeue_the_job(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    h: Harness = await make_harness(standin, llm_max_retries=1)
    app = await prepared(h, make_user)
    standin.fail_next(500, count=2, endpoint="chat")  # first try and the client's one retry
    job = (await h.generation.request(app.user_id, app.id, "optimized_resume")).job
    job = await run_until_settled(h, app, job)

    assert job.status == "done" and job.attempts == 2
    ((failed_job, message, will_retry),) = h.notifier.failed
    assert failed_job.id == job.id and will_retry
    assert "not reachable or keeps failing" in message
    docs = await h.documents(app.user_id, app.id)
    assert sorted(d.document_type for d in docs) == ["optimized_resume", "research_report"]
    await assert_nothing_lost(h, app)


@pytest.mark.parametrize(
    ("status", "code", "says"),
    [(401, None, "API key"), (429, "insufficient_quota", "quota")],
    ids=["bad-key", "no-quota"],
)
async def test_permanent_errors_fail_the_job_and_keep_everything(
    make_harness: Any,
    standin: OpenAIStandIn,
    make_user: Any,
    status: int,
    code: str | None,
    says: str,
) -> None:
    h: Harness = await make_harness(standin)
    app = await prepared(h, make_user)
    before = standin.requests["chat"]
    standin.fail_next(status, code=code, endpoint="chat")
    job = (await h.generation.request(app.user_id, app.id, "optimized_resume")).job
    job = await run_until_settled(h, app, job)

    assert job.status == "failed" and job.attempts == 1
    assert standin.requests["chat"] - before == 1, "not retried: waiting cannot fix it"
    ((failed_job, message, will_retry),) = h.notifier.failed
    assert failed_job.id == job.id and not will_retry
    assert says in message
    if status == 429:
        assert "API key" not in message  # the key works; do not send the user after it
    await assert_nothing_lost(h, app)

    # Once the key or the quota is fixed, pressing the button again works.
    again = await h.step(app, "optimized_resume")
    assert again.id != job.id and again.status == "done"
    docs = await h.documents(app.user_id, app.id)
    assert sorted((d.document_type, d.version) for d in docs) == [
        ("optimized_resume", 1),
        ("research_report", 1),
    ]


async def test_hanging_server_times_out_and_the_retry_works(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    h: Harness = await make_harness(standin, llm_timeout_s=0.5, llm_max_retries=0, retry_base_s=1.0)
    app = await prepared(h, make_user)
    standin.hang_s = 5.0
    job = (await h.generation.request(app.user_id, app.id, "optimized_resume")).job

    async def told() -> bool:
        return bool(h.notifier.failed)

    async def done() -> bool:
        return (await h.job(app.user_id, job.id)).status == "done"

    async with working(h.worker()):
        await wait_until(told)
        standin.hang_s = 0.0  # the server recovers before the job's backoff is over
        await wait_until(done)

    ((_, message, will_retry),) = h.notifier.failed
    assert will_retry
    assert "did not answer within 0.5 s" in message and "JOBFORGE_LLM_TIMEOUT_S" in message
    assert (await h.job(app.user_id, job.id)).attempts == 2
    await assert_nothing_lost(h, app)
