"""Fixtures for the generation pipeline: real DB, real engines, a recording Notifier.

The Notifier is the services' boundary to the user, so recording what it was told is how
these tests see what a user would see. Engines are the real OfflineEngine and the real
OpenAIEngine talking HTTP to the OpenAI stand-in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import create_engine, text

from bot.config import Settings
from bot.engines import build_engine
from bot.generation.engine import Engine
from bot.services.generation import GenerationService
from bot.services.notifier import Digest, StepOutcome
from bot.services.postings import PostingService
from bot.services.worker import JobWorker
from bot.wording import Said
from playground.openai_api import OpenAIStandIn
from storage.database import Database
from storage.models import Application, Document, Job, Reminder, User
from storage.urls import psycopg_url
from tests.generation.conftest import PAIRS, Pair

API_KEY = "sk-test-services"
WAIT_S = 60.0  # a hang guard only; nothing asserts how long anything takes


class RecordingStream:
    def __init__(self) -> None:
        self.deltas: list[str] = []
        self.resets = 0
        self.closed = False

    async def delta(self, text: str) -> None:
        self.deltas.append(text)

    async def reset(self) -> None:
        self.resets += 1

    async def close(self) -> None:
        self.closed = True


@dataclass
class RecordingNotifier:
    """Remembers everything the services told the user, in order."""

    started: list[tuple[Job, bool]] = field(default_factory=list)
    finished: list[StepOutcome] = field(default_factory=list)
    failed: list[tuple[Job, str, bool]] = field(default_factory=list)
    events: list[tuple[str, UUID, UUID]] = field(default_factory=list)  # (what, user, job)
    running: dict[UUID, int] = field(default_factory=dict)
    max_running: dict[UUID, int] = field(default_factory=dict)

    async def step_started(self, job: Job, application: Application, resumed: bool) -> Any:
        self.started.append((job, resumed))
        self.events.append(("started", job.user_id, job.id))
        self.running[job.user_id] = self.running.get(job.user_id, 0) + 1
        self.max_running[job.user_id] = max(
            self.max_running.get(job.user_id, 0), self.running[job.user_id]
        )
        return RecordingStream()

    def _ended(self, job: Job, what: str) -> None:
        self.events.append((what, job.user_id, job.id))
        self.running[job.user_id] = self.running.get(job.user_id, 1) - 1

    async def step_finished(self, outcome: StepOutcome) -> None:
        self.finished.append(outcome)
        self._ended(outcome.job, "finished")

    async def step_failed(
        self, job: Job, application: Application, message: Said, will_retry: bool
    ) -> None:
        self.failed.append((job, str(message), will_retry))
        self._ended(job, "failed")

    async def step_cancelled(self, job: Job) -> None:
        self._ended(job, "cancelled")

    async def digest(self, digest: Digest) -> None:
        return None

    async def reminder(
        self, user: User, reminder: Reminder, application: Application | None
    ) -> None:
        return None


def make_settings(tmp_path: Path, standin: OpenAIStandIn | None, **extra: Any) -> Settings:
    """Settings built explicitly (no .env, no environment leaking in)."""
    values: dict[str, Any] = {
        "openai_api_key": API_KEY if standin else None,
        "openai_base_url": f"{standin.url}/v1" if standin else None,
        "telegram_bot_token": None,
        "database_url": None,
        "model": "gpt-4o-mini",
        "embedding_model": "text-embedding-3-small",
        "llm_timeout_s": 5.0,
        "llm_max_retries": 2,
        "daily_token_budget": 10_000_000,
        "job_lease_s": 30,
        "scheduler_tick_s": 0.2,
        "data_dir": tmp_path,
    }
    values.update(extra)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Harness:
    """The services of one engine, wired like bot.application.Core does."""

    db: Database
    engine: Engine
    embedding_model: str
    notifier: RecordingNotifier
    generation: GenerationService
    postings: PostingService
    lease_s: int

    def worker(self, **kwargs: Any) -> JobWorker:
        options: dict[str, Any] = {"concurrency": 8, "lease_s": self.lease_s, "idle_poll_s": 0.05}
        options.update(kwargs)
        return JobWorker(self.db, self.generation, **options)

    async def new_user(self, make_user: Any, name: str, resume: str) -> UUID:
        user_id: UUID = await make_user(name)
        async with self.db.as_user(user_id) as uow:
            await uow.resumes.add("Main", resume, "paste")
        return user_id

    async def documents(self, user_id: UUID, app_id: UUID) -> list[Document]:
        async with self.db.as_user(user_id) as uow:
            return await uow.documents.for_application(app_id)

    async def application(self, user_id: UUID, app_id: UUID) -> Application:
        async with self.db.as_user(user_id) as uow:
            app = await uow.applications.get(app_id)
        assert app is not None
        return app

    async def active_jobs(self, user_id: UUID, app_id: UUID) -> list[Job]:
        async with self.db.as_user(user_id) as uow:
            return await uow.jobs.active_for_application(app_id)

    async def job(self, user_id: UUID, job_id: UUID) -> Job:
        async with self.db.as_user(user_id) as uow:
            job = await uow.jobs.get(job_id)
        assert job is not None
        return job

    async def start(self, make_user: Any, pair: Pair | None = None) -> Application:
        """A user with the pair's resume and its posting saved (its embed job queued)."""
        pair = pair or PAIRS[0]
        user_id = await self.new_user(make_user, pair.expected["candidate"], pair.resume)
        return await self.postings.create(user_id, pair.posting)

    async def drain(self, app: Application, **worker: Any) -> None:
        """Run a worker until the application has no queued or running job left."""

        async def idle() -> bool:
            return not await self.active_jobs(app.user_id, app.id)

        async with working(self.worker(**worker)):
            await wait_until(idle)

    async def step(self, app: Application, kind: str, **request: Any) -> Job:
        """Request one step, run it (and anything it queues) to the end; the final job."""
        asked = await self.generation.request(app.user_id, app.id, kind, **request)
        await self.drain(app)
        return await self.job(app.user_id, asked.job.id)

    async def pack_done(self, user_id: UUID, app_id: UUID) -> bool:
        """All three documents exist and nothing (not even embedding) is left to do."""
        app = await self.application(user_id, app_id)
        return app.next_step() is None and not await self.active_jobs(user_id, app_id)


async def wait_until(
    condition: Callable[[], Awaitable[bool]], limit_s: float = WAIT_S, poll_s: float = 0.05
) -> None:
    """Poll until `condition` holds; `limit_s` is a hang guard, not a timing assertion."""
    async with asyncio.timeout(limit_s):
        while True:
            if await condition():
                return
            await asyncio.sleep(poll_s)


@contextlib.asynccontextmanager
async def working(*workers: JobWorker) -> AsyncIterator[None]:
    """Run JobWorkers in the background for the duration of the block."""
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        yield
    finally:
        for w in workers:
            await w.stop(grace_s=5.0)
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


@pytest.fixture(scope="session")
async def standin_server() -> AsyncIterator[OpenAIStandIn]:
    server = OpenAIStandIn()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def standin(standin_server: OpenAIStandIn) -> OpenAIStandIn:
    standin_server.reset()
    return standin_server


@pytest.fixture(autouse=True)
def _empty_queue(test_db: Any) -> None:
    """Workers claim across all users: settle other tests' leftovers so they stay theirs."""
    engine = create_engine(psycopg_url(test_db.owner_url))
    # SKIP LOCKED: this runs synchronously on the event loop's thread, so waiting for a row
    # held by a still-running task of an earlier test would deadlock the loop.
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE generation_jobs SET status = 'cancelled', finished_at = now()"
                " WHERE id IN (SELECT id FROM generation_jobs"
                " WHERE status IN ('queued', 'running') FOR UPDATE SKIP LOCKED)"
            )
        )
        # ...and announced: a worker's sweep must not re-announce another test's job.
        conn.execute(
            text(
                "UPDATE generation_jobs SET notified = true WHERE id IN (SELECT id"
                " FROM generation_jobs WHERE NOT notified FOR UPDATE SKIP LOCKED)"
            )
        )
    engine.dispose()


@pytest.fixture
async def make_harness(
    db: Database, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Harness]]]:
    closers: list[Callable[[], Awaitable[None]]] = []

    async def factory(
        standin: OpenAIStandIn | None = None,
        *,
        retry_base_s: float = 0.1,
        notifier: RecordingNotifier | None = None,
        **settings: Any,
    ) -> Harness:
        config = make_settings(tmp_path, standin, **settings)
        engine, embedding_model, close = build_engine(config)
        closers.append(close)
        notifier = notifier or RecordingNotifier()
        generation = GenerationService(
            db,
            engine,
            notifier,
            embedding_model=embedding_model,
            daily_token_budget=config.daily_token_budget,
            lease_s=config.job_lease_s,
            retry_base_s=retry_base_s,
        )
        return Harness(
            db=db,
            engine=engine,
            embedding_model=embedding_model,
            notifier=notifier,
            generation=generation,
            postings=PostingService(db, engine),
            lease_s=config.job_lease_s,
        )

    yield factory
    for close in closers:
        await close()


@pytest.fixture(params=["offline", "openai"])
async def harness(
    request: pytest.FixtureRequest, make_harness: Any, standin: OpenAIStandIn
) -> Harness:
    """The same services on either engine."""
    return await make_harness(standin if request.param == "openai" else None)


__all__ = ["PAIRS", "Harness", "Pair", "RecordingNotifier", "wait_until", "working"]
