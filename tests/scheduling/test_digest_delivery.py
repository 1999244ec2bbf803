"""Digests go out once: concurrent schedulers, crashes between claim and send, 403 and 429."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from bot.services.notifier import Digest
from bot.services.scheduler import Scheduler
from handlers.outbound.telegram_notifier import TelegramNotifier
from playground.bot_api import BotApiEmulator
from playground.bot_api_models import RateLimits
from storage.database import Database
from tests.scheduling.conftest import MODEL, DatabaseUrls, digests, due_user


def past(minutes: int = 1) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


async def delivery_rows(db: Database, user_id: Any) -> list[tuple[str, int]]:
    async with db.as_user(user_id) as uow:
        rows = await uow.connection.execute(
            text("SELECT status, attempts FROM digest_deliveries ORDER BY due_at")
        )
        return [(str(r[0]), int(r[1])) for r in rows]


async def test_two_schedulers_ticking_together_send_each_digest_once(
    sdb: Database, fresh_db: DatabaseUrls, emulator: BotApiEmulator, notifier: TelegramNotifier
) -> None:
    users = [await due_user(sdb, emulator, past(), f"User {i}") for i in range(50)]
    db_a = Database(fresh_db.bot_url, pool_size=4, max_overflow=4)
    db_b = Database(fresh_db.bot_url, pool_size=4, max_overflow=4)
    try:
        a = Scheduler(db_a, notifier, embedding_model=MODEL)
        b = Scheduler(db_b, notifier, embedding_model=MODEL)
        first, second = await asyncio.gather(a.tick(), b.tick())
        assert first.digests_sent + second.digests_sent == 50
        assert not first.errors and not second.errors
        for user in users:
            assert len(digests(emulator, user.telegram_id)) == 1
        assert emulator.request_counts["sendMessage"] == 50
        third = await a.tick()
        assert third.digests_sent == 0
        assert emulator.request_counts["sendMessage"] == 50
        now = datetime.now(UTC)
        for user in users[:5]:
            async with sdb.as_user(user.id) as uow:
                me = await uow.users.me()
            assert me is not None and me.next_digest_at is not None and me.next_digest_at > now
            assert await delivery_rows(sdb, user.id) == [("sent", 1)]
    finally:
        await db_a.close()
        await db_b.close()


async def test_a_claim_left_by_a_crash_is_sent_once_after_the_lease_expires(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await due_user(sdb, emulator, past())
    async with sdb.system() as system:  # a process claims the digest and dies before sending
        claimed = await system.claim_due_digests(10, 1)
    assert [c[1] for c in claimed] == [user.id]

    scheduler: Scheduler = make_scheduler(lease_s=1)
    assert (await scheduler.tick()).digests_sent == 0  # the lease still holds
    assert digests(emulator, user.telegram_id) == []
    await asyncio.sleep(1.2)
    report = await scheduler.tick()
    assert report.digests_sent == 1
    assert (await scheduler.tick()).digests_sent == 0
    assert len(digests(emulator, user.telegram_id)) == 1
    assert await delivery_rows(sdb, user.id) == [("sent", 2)]


class HangingNotifier(TelegramNotifier):
    """The process 'dies' while sending: digest() never returns until cancelled."""

    async def digest(self, digest: Digest) -> None:
        await asyncio.Event().wait()


async def test_a_scheduler_killed_mid_send_does_not_skip_the_digest(
    sdb: Database, emulator: BotApiEmulator, bot: Any, make_scheduler: Any
) -> None:
    user = await due_user(sdb, emulator, past())
    dying = Scheduler(sdb, HangingNotifier(bot), embedding_model=MODEL, lease_s=1)
    task = asyncio.create_task(dying.tick())
    await asyncio.sleep(0.3)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert digests(emulator, user.telegram_id) == []

    restarted: Scheduler = make_scheduler(lease_s=1)
    deadline = asyncio.get_running_loop().time() + 5
    while not digests(emulator, user.telegram_id):
        assert asyncio.get_running_loop().time() < deadline, "digest never sent after restart"
        await restarted.tick()
        await asyncio.sleep(0.2)
    await restarted.tick()
    assert len(digests(emulator, user.telegram_id)) == 1


async def test_a_user_who_blocked_the_bot_is_marked_skipped_and_back_when_they_write(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    blocker = await due_user(sdb, emulator, past(), "Blocker")
    other = await due_user(sdb, emulator, past(), "Other")
    emulator.user_blocks_bot(blocker.telegram_id)
    scheduler: Scheduler = make_scheduler()

    report = await scheduler.tick()
    assert report.digests_sent == 1 and report.blocked_users == 1 and not report.errors
    assert len(digests(emulator, other.telegram_id)) == 1
    async with sdb.as_user(blocker.id) as uow:
        me = await uow.users.me()
        assert me is not None and me.blocked_at is not None
        # A day passes: the next digest is due, but the user is still gone.
        await uow.users.update_settings(next_digest_at=past())
    sends = emulator.request_counts["sendMessage"]
    report = await scheduler.tick()
    assert report.digests_sent == 0 and report.blocked_users == 0
    assert emulator.request_counts["sendMessage"] == sends  # not even tried

    emulator.user_unblocks_bot(blocker.telegram_id)
    async with sdb.system() as system:  # what the bot does on the user's next update
        await system.upsert_user(blocker.telegram_id, blocker.telegram_id, "Blocker", "en")
    async with sdb.as_user(blocker.id) as uow:
        me = await uow.users.me()
        assert me is not None and me.blocked_at is None
    assert (await scheduler.tick()).digests_sent == 1
    assert len(digests(emulator, blocker.telegram_id)) == 1


async def test_429_in_the_middle_of_a_run_still_delivers_every_digest_once(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    users = [await due_user(sdb, emulator, past(), f"U{i}") for i in range(8)]
    emulator.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, count=3
    )
    report = await make_scheduler().tick()
    assert report.digests_sent == 8
    assert emulator.request_counts["sendMessage"] == 8 + 3  # three refused, then retried
    for user in users:
        assert len(digests(emulator, user.telegram_id)) == 1


async def test_flood_control_on_every_digest_still_arrives_once(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    users = [await due_user(sdb, emulator, past(), f"F{i}") for i in range(24)]
    emulator.set_rate_limits(RateLimits(global_per_second=20, global_burst=4))
    scheduler: Scheduler = make_scheduler(retry_s=0.5)
    deadline = asyncio.get_running_loop().time() + 20
    while sum(len(digests(emulator, u.telegram_id)) for u in users) < len(users):
        assert asyncio.get_running_loop().time() < deadline, "digests not all delivered"
        await scheduler.tick()
        await asyncio.sleep(0.2)
    assert emulator.rate_limited_count > 0  # flood control really answered 429
    await scheduler.tick()
    for user in users:
        assert len(digests(emulator, user.telegram_id)) == 1
