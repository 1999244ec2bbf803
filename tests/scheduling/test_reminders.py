"""Reminders: delivered once with Open/Snooze/Done, snoozes come back, deletions are harmless."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.services.applications import ApplicationService
from bot.services.scheduler import Scheduler
from handlers.callbacks import Verb, encode
from handlers.outbound.telegram_notifier import TelegramNotifier
from playground.bot_api import BotApiEmulator
from storage.database import Database
from storage.models import Application
from tests.scheduling.conftest import MODEL, DatabaseUrls, TgUser, new_user

POSTING = (
    "Initrode is hiring a Platform Engineer (remote). You will run Kubernetes clusters, "
    "write Terraform and Go, and keep PostgreSQL fast. Must have: Kubernetes, Go."
)


def reminder_messages(emulator: BotApiEmulator, chat_id: int) -> list[Any]:
    return [m for m in emulator.messages(chat_id) if m.content.startswith("⏰")]


async def application(db: Database, user: TgUser, posting: str = POSTING) -> Application:
    async with db.as_user(user.id) as uow:
        return await uow.applications.create(
            company="Initrode",
            role="Platform Engineer",
            posting=posting,
            job_url=None,
            location=None,
            remote="remote",
            resume_id=None,
        )


async def add_reminder(db: Database, user: TgUser, app_id: Any, due: datetime, **kw: Any) -> Any:
    async with db.as_user(user.id) as uow:
        return await uow.reminders.add(app_id, due, **kw)


def ago(seconds: float = 60) -> datetime:
    return datetime.now(UTC) - timedelta(seconds=seconds)


async def test_a_due_reminder_is_delivered_once_with_open_snooze_and_done(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await new_user(sdb, emulator)
    app = await application(sdb, user)
    reminder = await add_reminder(sdb, user, app.id, ago(), note="Call the recruiter")
    later = await add_reminder(sdb, user, app.id, datetime.now(UTC) + timedelta(days=1))
    scheduler: Scheduler = make_scheduler()

    report = await scheduler.tick()
    assert report.reminders_sent == 1
    [message] = reminder_messages(emulator, user.telegram_id)
    assert "Platform Engineer — Initrode" in message.content
    assert "Call the recruiter" in message.content
    assert [(b.text, b.callback_data) for b in message.buttons] == [
        ("Open", encode(Verb.OPEN, app.id)),
        ("Snooze 1 day", encode("rem", reminder.id, "s1")),
        ("Snooze 3 days", encode("rem", reminder.id, "s3")),
        ("Done", encode("rem", reminder.id, "done")),
    ]
    assert (await scheduler.tick()).reminders_sent == 0
    assert len(reminder_messages(emulator, user.telegram_id)) == 1
    async with sdb.as_user(user.id) as uow:
        sent = await uow.reminders.get(reminder.id)
        pending = await uow.reminders.get(later.id)
    assert sent is not None and sent.status == "sent" and sent.sent_at is not None
    assert pending is not None and pending.status == "pending"


async def test_moving_to_applied_schedules_a_follow_up_that_is_delivered(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await new_user(sdb, emulator)
    app = await application(sdb, user)
    follow_up = await ApplicationService(sdb).set_stage(user.id, app.id, "applied")
    assert follow_up is not None and follow_up.kind == "follow_up"
    assert follow_up.due_at > datetime.now(UTC) + timedelta(days=6)
    assert (await make_scheduler().tick()).reminders_sent == 0  # not due for a week
    async with sdb.as_user(user.id) as uow:  # a week passes
        await uow.reminders.snooze(follow_up.id, ago())
    assert (await make_scheduler().tick()).reminders_sent == 1
    [message] = reminder_messages(emulator, user.telegram_id)
    assert message.content.startswith("⏰ Follow up: Platform Engineer — Initrode")


async def test_a_snoozed_reminder_comes_back_later(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await new_user(sdb, emulator)
    app = await application(sdb, user)
    reminder = await add_reminder(sdb, user, app.id, ago())
    scheduler: Scheduler = make_scheduler()
    await scheduler.tick()
    async with sdb.as_user(user.id) as uow:  # what the Snooze button does, but for 0.6 s
        assert await uow.reminders.snooze(reminder.id, datetime.now(UTC) + timedelta(seconds=0.6))
    assert (await scheduler.tick()).reminders_sent == 0
    await asyncio.sleep(0.8)
    assert (await scheduler.tick()).reminders_sent == 1
    assert len(reminder_messages(emulator, user.telegram_id)) == 2


async def test_two_schedulers_do_not_send_a_reminder_twice(
    sdb: Database, fresh_db: DatabaseUrls, emulator: BotApiEmulator, notifier: TelegramNotifier
) -> None:
    users = [await new_user(sdb, emulator, f"R{i}") for i in range(10)]
    for user in users:
        app = await application(sdb, user, POSTING + f" Team {user.telegram_id}.")
        await add_reminder(sdb, user, app.id, ago())
        await add_reminder(sdb, user, None, ago(), note="Update your CV")
    other = Database(fresh_db.bot_url, pool_size=4, max_overflow=4)
    try:
        a = Scheduler(sdb, notifier, embedding_model=MODEL)
        b = Scheduler(other, notifier, embedding_model=MODEL)
        first, second = await asyncio.gather(a.tick(), b.tick())
        assert first.reminders_sent + second.reminders_sent == 20
        assert (await a.tick()).reminders_sent + (await b.tick()).reminders_sent == 0
    finally:
        await other.close()
    for user in users:
        messages = reminder_messages(emulator, user.telegram_id)
        assert len(messages) == 2
        general = [m for m in messages if "your job search" in m.content]
        assert len(general) == 1 and "Open" not in [b.text for b in general[0].buttons]


async def test_reminders_of_deleted_applications_do_not_crash(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await new_user(sdb, emulator)
    gone = await application(sdb, user)
    kept = await application(sdb, user, POSTING + " Second opening.")
    await add_reminder(sdb, user, gone.id, ago())
    claimed_then_deleted = await add_reminder(sdb, user, kept.id, ago())
    await ApplicationService(sdb).delete(user.id, gone.id)
    async with sdb.system() as system:  # claimed by a scheduler, then the user deletes it
        assert claimed_then_deleted.id in [r for r, _ in await system.claim_due_reminders(10, 1)]
    await ApplicationService(sdb).delete(user.id, kept.id)
    await asyncio.sleep(1.1)
    report = await make_scheduler().tick()
    assert report.reminders_sent == 0 and report.failures == 0
    assert reminder_messages(emulator, user.telegram_id) == []


async def test_a_reminder_for_a_user_who_blocked_the_bot_waits_for_them(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await new_user(sdb, emulator)
    await add_reminder(sdb, user, None, ago(), note="Prepare for the interview")
    emulator.user_blocks_bot(user.telegram_id)
    scheduler: Scheduler = make_scheduler()  # a long lease: the user is back before it ends
    report = await scheduler.tick()
    assert report.blocked_users == 1 and report.reminders_sent == 0 and not report.errors
    assert (await scheduler.tick()).blocked_users == 0  # not tried again while blocked
    emulator.user_unblocks_bot(user.telegram_id)
    async with sdb.system() as system:
        await system.upsert_user(user.telegram_id, user.telegram_id, "Sam", "en")
    assert (await scheduler.tick()).reminders_sent == 1
    assert len(reminder_messages(emulator, user.telegram_id)) == 1
