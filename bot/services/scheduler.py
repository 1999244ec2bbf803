"""Digests and reminders: claimed in PostgreSQL, so any number of processes may tick.

A digest slot is claimed by inserting its (user, due time) row; the schedule moves on in
the same transaction that records the send. A crash before the send leaves a claim whose
lease expires and is retried; a second scheduler finds the slot taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from bot.services.notifier import Digest, Notifier, UserGone
from bot.services.schedule import next_digest_at
from storage.database import Database, UnitOfWork
from storage.models import Application, User

_log = logging.getLogger(__name__)
SIMILAR_PAIR_MIN = 0.75


@dataclass
class TickReport:
    digests_sent: int = 0
    digests_skipped: int = 0
    reminders_sent: int = 0
    blocked_users: int = 0
    failures: int = 0
    errors: list[str] = field(default_factory=list)


class Scheduler:
    def __init__(
        self,
        db: Database,
        notifier: Notifier,
        *,
        embedding_model: str,
        lease_s: int = 120,
        batch: int = 200,
        concurrency: int = 16,
        retry_s: float = 30.0,
    ) -> None:
        self._db = db
        self._notifier = notifier
        self._model = embedding_model
        self._lease_s = lease_s
        self._batch = batch
        self._concurrency = asyncio.Semaphore(concurrency)
        self._retry = timedelta(seconds=retry_s)

    async def tick(self) -> TickReport:
        report = TickReport()
        await self._reminders(report)
        while True:
            async with self._db.system() as system:
                claimed = await system.claim_due_digests(self._batch, self._lease_s)
            if not claimed:
                break
            await asyncio.gather(*(self._digest(d, u, due, report) for d, u, due in claimed))
            if len(claimed) < self._batch:
                break
        return report

    async def _reminders(self, report: TickReport) -> None:
        async with self._db.system() as system:
            claimed = await system.claim_due_reminders(self._batch, self._lease_s)
        await asyncio.gather(*(self._reminder(r, u, report) for r, u in claimed))

    async def _reminder(self, reminder_id: UUID, user_id: UUID, report: TickReport) -> None:
        """Send one claimed reminder; any failure releases the claim instead of ending the
        tick, so one bad row cannot hold up everyone else's reminders."""
        async with self._concurrency:
            try:
                await self._send_reminder(reminder_id, user_id, report)
            except Exception as exc:
                report.failures += 1
                report.errors.append(repr(exc))
                _log.warning("reminder %s not delivered; will retry", reminder_id, exc_info=True)
                with contextlib.suppress(Exception):
                    async with self._db.as_user(user_id) as uow:
                        await uow.reminders.release_claim(
                            reminder_id, datetime.now(UTC) + self._retry
                        )

    async def _send_reminder(self, reminder_id: UUID, user_id: UUID, report: TickReport) -> None:
        async with self._db.as_user(user_id) as uow:
            reminder = await uow.reminders.get(reminder_id)
            user = await uow.users.me()
            app = (
                await uow.applications.get(reminder.application_id)
                if reminder and reminder.application_id
                else None
            )
        if reminder is None or user is None or reminder.status != "pending":
            return  # deleted (with its application) or handled since the claim
        try:
            await self._notifier.reminder(user, reminder, app)
        except UserGone:
            # Claims skip blocked users, so the reminder can be released at once and goes
            # out as soon as they are back, not only when this lease runs out.
            async with self._db.as_user(user_id) as uow:
                await uow.users.mark_blocked(datetime.now(UTC))
                await uow.reminders.release_claim(reminder_id)
            report.blocked_users += 1
            return
        async with self._db.as_user(user_id) as uow:
            await uow.reminders.mark_sent(reminder_id)
        report.reminders_sent += 1

    async def _digest(
        self, delivery_id: UUID, user_id: UUID, due_at: datetime, report: TickReport
    ) -> None:
        """Send one claimed digest. Anything but a confirmed send or a block releases the
        claim for a retry; the schedule only moves on together with the recorded outcome."""
        async with self._concurrency:
            try:
                await self._send_digest(delivery_id, user_id, due_at, report)
            except Exception as exc:
                report.failures += 1
                report.errors.append(repr(exc))
                _log.warning("digest for %s not delivered; will retry", user_id, exc_info=True)
                with contextlib.suppress(Exception):
                    async with self._db.as_user(user_id) as uow:
                        await uow.reminders.release_digest(
                            delivery_id, datetime.now(UTC) + self._retry
                        )

    async def _send_digest(
        self, delivery_id: UUID, user_id: UUID, due_at: datetime, report: TickReport
    ) -> None:
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
            if user is None:
                return  # the user deleted their account; the claim went with it
            digest = await self._build(uow, user)
        now = datetime.now(UTC)
        following = next_digest_at(
            user.digest_frequency,
            user.digest_hour,
            user.digest_weekday,
            user.timezone,
            max(now, due_at),
        )
        if user.digest_frequency == "off" or user.blocked_at is not None:
            # Turned off or blocked since the claim (a retried claim is not re-checked).
            await self._finish(user_id, delivery_id, "skipped", following)
            report.digests_skipped += 1
            return
        try:
            await self._notifier.digest(digest)
        except UserGone:
            async with self._db.as_user(user_id) as uow:
                await uow.reminders.finish_digest(delivery_id, "skipped", following)
                await uow.users.mark_blocked(now)
            report.blocked_users += 1
            report.digests_skipped += 1
            return
        await self._finish(user_id, delivery_id, "sent", following)
        report.digests_sent += 1

    async def _finish(
        self, user_id: UUID, delivery_id: UUID, status: str, following: datetime | None
    ) -> None:
        """Record the outcome. After a send, a failed write would mean a second digest
        when the lease expires, so it is tried again before giving up."""
        for attempt in range(3):
            try:
                async with self._db.as_user(user_id) as uow:
                    await uow.reminders.finish_digest(delivery_id, status, following)
                return
            except Exception:
                if attempt == 2 or status != "sent":
                    raise
                _log.warning("recording digest %s failed; retrying", delivery_id)
                await asyncio.sleep(0.2 * (attempt + 1))

    async def _build(self, uow: UnitOfWork, user: User) -> Digest:
        stalled_days = user.stalled_after_days
        counts = await uow.applications.counts_by_stage()
        week = await uow.applications.week_in_numbers(datetime.now(UTC) - timedelta(days=7))
        stalled = await uow.applications.stalled(stalled_days)
        reminders = await uow.reminders.due_within(datetime.now(UTC) + timedelta(days=7))
        pairs: list[tuple[Application, Application, float]] = []
        seen: set[frozenset[UUID]] = set()
        for app in await uow.applications.list_page(limit=5):
            for similar in await uow.embeddings.similar_applications(app.id, self._model, 1):
                key = frozenset((app.id, similar.application_id))
                if similar.similarity >= SIMILAR_PAIR_MIN and key not in seen:
                    other = await uow.applications.get(similar.application_id)
                    if other is not None:
                        seen.add(key)
                        pairs.append((app, other, similar.similarity))
        return Digest(
            user=user,
            counts_by_stage=counts,
            week=week,
            stalled=stalled,
            reminders_due=reminders,
            similar_pairs=pairs[:3],
        )


async def run_every(
    interval_s: float, tick: Callable[[], Awaitable[object]], stop: asyncio.Event
) -> None:
    """Tick until stopped; a failing tick is logged and the next one runs on time."""
    while not stop.is_set():
        try:
            await tick()
        except Exception:
            _log.exception("scheduler tick failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
