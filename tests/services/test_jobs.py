"""Steps as durable jobs: one job per press, order enforced, leases, several workers, fairness."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.services.problems import InputProblem
from playground.openai_api import OpenAIStandIn
from storage.database import Database
from tests.services.conftest import API_KEY, PAIRS, Harness, wait_until, working

ROOT = Path(__file__).resolve().parents[2]


async def test_pressing_a_step_twice_creates_one_job(harness: Harness, make_user: Any) -> None:
    app = await harness.start(make_user)
    first, second = await asyncio.gather(
        harness.generation.request(app.user_id, app.id, "research_report"),
        harness.generation.request(app.user_id, app.id, "research_report"),
    )
    assert first.job.id == second.job.id
    assert sorted([first.created, second.created]) == [False, True]
    third = await harness.generation.request(app.user_id, app.id, "research_report")
    assert third.job.id == first.job.id and not third.created
    await harness.drain(app)
    docs = await harness.documents(app.user_id, app.id)
    assert [(d.document_type, d.version) for d in docs] == [("research_report", 1)]


async def test_steps_out_of_order_are_refused(harness: Harness, make_user: Any) -> None:
    app = await harness.start(make_user)
    for kind in ("optimized_resume", "cover_letter"):
        with pytest.raises(InputProblem) as refused:
            await harness.generation.request(app.user_id, app.id, kind)
        assert refused.value.code == "order"
    with pytest.raises(InputProblem) as refused:
        await harness.generation.request(app.user_id, app.id, "optimized_resume")
    assert "Research report comes first" in refused.value.message
    assert [j.kind for j in await harness.active_jobs(app.user_id, app.id)] == ["embed"]


async def test_job_of_a_dead_worker_is_reclaimed_and_done_once(
    make_harness: Any, make_user: Any
) -> None:
    """A worker claims with a short lease and is never heard of again."""
    h: Harness = await make_harness(job_lease_s=1)
    app = await h.start(make_user)
    await h.drain(app)  # the posting's embedding
    asked = await h.generation.request(app.user_id, app.id, "research_report")
    async with h.db.system() as system:
        assert await system.claim_jobs("ghost", 1, 1) == [(asked.job.id, app.user_id)]
    await h.drain(app)

    job = await h.job(app.user_id, asked.job.id)
    assert job.status == "done" and job.attempts == 2
    assert [(d.document_type, d.version) for d in await h.documents(app.user_id, app.id)] == [
        ("research_report", 1)
    ]
    assert h.notifier.finished[-1].resumed_after_restart
    # The ghost wakes up and tries to finish: it holds nothing any more, so nothing happens.
    await h.generation.run(asked.job.id, app.user_id, "ghost")
    assert len(await h.documents(app.user_id, app.id)) == 1
    assert len(h.notifier.finished) == 1  # the research step, told once; the ghost is silent


async def test_killed_worker_process_is_taken_over(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any, test_db: Any, tmp_path: Path
) -> None:
    """`jobforge worker` is kill -9'd mid-generation; another worker finishes the step once."""
    lease_s = 2
    h: Harness = await make_harness(standin, job_lease_s=lease_s)
    app = await h.start(make_user)
    await h.drain(app)
    asked = await h.generation.request(app.user_id, app.id, "research_report")
    standin.delay_s = 30.0  # the model is slow: the worker will be mid-step when it dies
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JOBFORGE_", "OPENAI_", "TELEGRAM_", "DATABASE_"))
    }
    env.update(
        DATABASE_URL=test_db.owner_url,
        OPENAI_API_KEY=API_KEY,
        OPENAI_BASE_URL=f"{standin.url}/v1",
        JOBFORGE_JOB_LEASE_S=str(lease_s),
        JOBFORGE_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if password := os.environ.get("JOBFORGE_APP_DB_PASSWORD"):
        env["JOBFORGE_APP_DB_PASSWORD"] = password
    process = subprocess.Popen(  # noqa: ASYNC220 - started, not waited for
        [sys.executable, "-m", "bot.cli", "worker"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        async def mid_step() -> bool:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            job = await h.job(app.user_id, asked.job.id)
            return job.status == "running" and standin.requests["chat"] >= 1

        await wait_until(mid_step)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.stderr:
            process.stderr.close()
    standin.delay_s = 0.0
    await h.drain(app)

    job = await h.job(app.user_id, asked.job.id)
    assert job.status == "done" and job.attempts == 2
    docs = await h.documents(app.user_id, app.id)
    assert [(d.document_type, d.version) for d in docs] == [("research_report", 1)]
    assert h.notifier.finished[-1].resumed_after_restart
    async with h.db.as_user(app.user_id) as uow:
        usage = await uow.usage.for_application(app.id)
    assert usage["completion"] > 0  # the finished run was accounted for


async def test_two_workers_never_run_a_job_twice(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    h: Harness = await make_harness(standin)
    standin.delay_s = 0.05  # long enough for the workers' claims to interleave
    apps = []
    for pair in PAIRS[:4]:
        app = await h.start(make_user, pair)
        await h.generation.request_remaining(app.user_id, app.id, chat_id=None)
        apps.append(app)
    user = apps[0].user_id  # one user with a second application as well
    extra = await h.postings.create(user, PAIRS[4].posting)
    await h.generation.request_remaining(user, extra.id, chat_id=None)
    apps.append(extra)

    async def all_done() -> bool:
        return all([await h.pack_done(a.user_id, a.id) for a in apps])

    async with working(h.worker(name="w1"), h.worker(name="w2")):
        await wait_until(all_done, limit_s=120)

    started = Counter(job.id for job, _ in h.notifier.started)
    assert started and max(started.values()) == 1, "a job ran twice"
    assert len(started) == 3 * len(apps)
    for app in apps:
        docs = await h.documents(app.user_id, app.id)
        assert sorted((d.document_type, d.version) for d in docs) == [
            ("cover_letter", 1),
            ("optimized_resume", 1),
            ("research_report", 1),
        ]
    # 3 steps per application plus one job-facts call per posting, nothing repeated.
    assert standin.requests["chat"] == 4 * len(apps)
    assert all(n == 1 for n in h.notifier.max_running.values()), h.notifier.max_running


async def test_simultaneous_claims_start_one_job_per_user(db: Database, make_user: Any) -> None:
    """Two claimers at the same instant, and one claim of many, respect one-per-user."""
    h_user = await make_user("Busy")
    other = await make_user("Other")
    async with db.as_user(h_user) as uow:
        await uow.resumes.add("Main", PAIRS[0].resume, "paste")
        for n in range(3):
            app = await uow.applications.create(
                company="Acme",
                role="Engineer",
                posting=f"{PAIRS[0].posting}\nReference {n}",
                job_url=None,
                location=None,
                remote=None,
                resume_id=None,
            )
            await uow.jobs.enqueue(app.id, "research_report")
    async with db.as_user(other) as uow:
        app = await uow.applications.create(
            company="Beta",
            role="Analyst",
            posting=PAIRS[1].posting,
            job_url=None,
            location=None,
            remote=None,
            resume_id=None,
        )
        await uow.jobs.enqueue(app.id, "research_report")

    async with db.system() as first:
        claimed_first = await first.claim_jobs("a", 60, 1)
        assert [u for _, u in claimed_first] == [h_user]
        async with db.system() as second:  # while the first claim is not yet committed
            claimed_second = await second.claim_jobs("b", 60, 5)
    assert [u for _, u in claimed_second] == [other]
    async with db.system() as third:
        assert await third.claim_jobs("c", 60, 5) == []


async def test_a_backlog_does_not_starve_another_user(
    make_harness: Any, standin: OpenAIStandIn, make_user: Any
) -> None:
    h: Harness = await make_harness(standin)
    late = await h.start(make_user, PAIRS[1])
    await h.drain(late)  # its posting's embedding, before the backlog exists
    standin.delay_s = 0.1
    busy = await h.new_user(make_user, "Busy Bee", PAIRS[0].resume)
    backlog = []
    async with h.db.as_user(busy) as uow:
        for n in range(10):
            app = await uow.applications.create(
                company="Acme Corp",
                role="Senior Backend Engineer",
                posting=f"{PAIRS[0].posting}\nReference {n}",
                job_url=None,
                location=None,
                remote=None,
                resume_id=None,
            )
            backlog.append(app)
    for app in backlog:
        await h.generation.request(busy, app.id, "research_report")
    late_job = (await h.generation.request(late.user_id, late.id, "research_report")).job

    async def late_done() -> bool:
        return (await h.job(late.user_id, late_job.id)).status == "done"

    async with working(h.worker(concurrency=4)):
        await wait_until(late_done)
        busy_started = [e for e in h.notifier.events if e[0] == "started" and e[1] == busy]
        # The late user's job went before the busy user's second job, not after all ten.
        assert len(busy_started) <= 2
        await wait_until(lambda: _all_done(h, backlog))
    assert h.notifier.max_running[busy] == 1


async def _all_done(h: Harness, apps: list[Any]) -> bool:
    return all([not await h.active_jobs(a.user_id, a.id) for a in apps])
