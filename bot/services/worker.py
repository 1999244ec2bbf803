"""Processing the durable job queue: any number of these share one PostgreSQL.

Jobs are claimed one at a time through `jf_claim_jobs` (FOR UPDATE SKIP LOCKED) with a
lease; a process that dies leaves a job whose lease expires and is claimed again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from contextlib import suppress

from bot.services.generation import GenerationService
from storage.database import Database

_log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class JobWorker:
    def __init__(
        self,
        db: Database,
        generation: GenerationService,
        *,
        concurrency: int = 8,
        lease_s: int = 60,
        idle_poll_s: float = 1.0,
        sweep_every_s: float = 15.0,
        name: str | None = None,
    ) -> None:
        self._db = db
        self._generation = generation
        self._concurrency = concurrency
        self._lease_s = lease_s
        self._idle_poll_s = idle_poll_s
        self._sweep_every_s = sweep_every_s
        self._next_sweep = 0.0
        self.name = name or worker_name()
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[uuid.UUID] = set()
        self.completed = 0

    def wake(self) -> None:
        """Called after enqueueing in-process, so a job starts without waiting for a poll."""
        self._wake.set()

    async def run(self) -> None:
        slots = asyncio.Semaphore(self._concurrency)
        while not self._stopping.is_set():
            await self._sweep_if_due()
            await slots.acquire()
            try:
                async with self._db.system() as system:
                    claimed = await system.claim_jobs(self.name, self._lease_s, 1)
            except Exception:
                slots.release()
                _log.warning("claiming jobs failed; retrying", exc_info=True)
                await self._sleep(self._idle_poll_s * 5)
                continue
            if not claimed:
                slots.release()
                await self._sleep(self._idle_poll_s)
                continue
            job_id, user_id = claimed[0]
            if job_id in self._in_flight:
                # Our own lease lapsed (a slow heartbeat) and we re-claimed a job this process
                # is still running: the claim renewed the lease; let the running task finish.
                slots.release()
                continue
            self._in_flight.add(job_id)
            task = asyncio.create_task(self._run_one(job_id, user_id, slots))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _sweep_if_due(self) -> None:
        """Re-announce finished jobs whose announcement was lost (crash, Telegram outage)."""
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self._sweep_every_s
        try:
            async with self._db.system() as system:
                pending = await system.claim_unnotified_jobs(20, self._lease_s)
            for job_id, user_id in pending:
                await self._generation.announce_unnotified(job_id, user_id)
        except Exception:
            _log.warning("announcement sweep failed; will retry", exc_info=True)

    async def _run_one(
        self, job_id: uuid.UUID, user_id: uuid.UUID, slots: asyncio.Semaphore
    ) -> None:
        try:
            await self._generation.run(job_id, user_id, self.name)
            self.completed += 1
        except Exception:
            _log.exception("job %s crashed; its lease will expire and it will be retried", job_id)
        finally:
            self._in_flight.discard(job_id)
            slots.release()
            self._wake.set()

    async def _sleep(self, seconds: float) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()

    async def stop(self, grace_s: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=grace_s)
            for task in pending:
                task.cancel()
