"""The claim functions themselves: what one claim hands out, and what it must not block."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.services.scheduler import Scheduler
from playground.bot_api import BotApiEmulator
from storage.database import Database
from tests.scheduling.conftest import digests, due_user, new_user


def past(minutes: int) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


async def test_digests_in_flight_elsewhere_do_not_starve_other_due_users(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    busy = [await due_user(sdb, emulator, past(10), f"Busy {i}") for i in range(3)]
    async with sdb.system() as system:  # another process is sending these right now
        assert len(await system.claim_due_digests(3, 60)) == 3
    waiting = [await due_user(sdb, emulator, past(1), f"Waiting {i}") for i in range(2)]

    report = await make_scheduler(batch=2).tick()
    assert report.digests_sent == 2
    for user in waiting:
        assert len(digests(emulator, user.telegram_id)) == 1
    for user in busy:
        assert digests(emulator, user.telegram_id) == []


async def test_a_batch_smaller_than_the_due_users_still_reaches_everyone_in_one_tick(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    users = [await due_user(sdb, emulator, past(5 - i), f"B{i}") for i in range(5)]
    scheduler: Scheduler = make_scheduler(batch=2)
    assert (await scheduler.tick()).digests_sent == 5
    assert all(len(digests(emulator, u.telegram_id)) == 1 for u in users)


async def test_nothing_is_claimed_for_users_with_digests_off_or_not_yet_due(
    sdb: Database, emulator: BotApiEmulator
) -> None:
    await new_user(sdb, emulator, digest_frequency="off", next_digest_at=past(5))
    await new_user(sdb, emulator, digest_frequency="daily", next_digest_at=past(-5))
    await new_user(sdb, emulator, digest_frequency="daily", next_digest_at=None)
    async with sdb.system() as system:
        assert await system.claim_due_digests(10, 60) == []
        assert await system.claim_due_reminders(10, 60) == []
