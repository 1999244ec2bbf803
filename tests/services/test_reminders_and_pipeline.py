"""Reminders listed, snoozed, done and cancelled through one service; the card's next reminder
in the user's zone; the pipeline counts and the priority sort (real PostgreSQL, RLS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from bot.services.applications import ApplicationService
from bot.services.reminders import REMINDERS_PAGE_SIZE
from storage.database import Database
from storage.models import Application


async def _app(db: Database, user_id: UUID, n: int, company: str = "Initrode") -> Application:
    async with db.as_user(user_id) as uow:
        return await uow.applications.create(
            company=f"{company} {n}",
            role="Platform Engineer",
            posting=f"Posting number {n} for {company}: Kubernetes, Go, PostgreSQL.",
            job_url=None,
            location=None,
            remote=None,
            resume_id=None,
        )


def _soon(days: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


async def test_pending_reminders_page_soonest_first_and_only_the_users_own(
    db: Database, make_user: Any
) -> None:
    me, other = await make_user(), await make_user()
    service = ApplicationService(db)
    app = await _app(db, me, 1)
    async with db.as_user(me) as uow:
        for i in range(REMINDERS_PAGE_SIZE + 2):
            await uow.reminders.add(app.id, _soon(10 - i), note=f"n{i}")
        done = await uow.reminders.add(app.id, _soon(1))
        await uow.users.update_settings(timezone="Europe/Berlin")
    await service.reminders.done(me, done.id)
    foreign = await _app(db, other, 1, "Other")
    async with db.as_user(other) as uow:
        await uow.reminders.add(foreign.id, _soon(0.5))

    first = await service.reminders.page(me, 1)
    assert (first.total, first.pages, len(first.items)) == (REMINDERS_PAGE_SIZE + 2, 2, 8)
    dues = [i.reminder.due_at for i in first.items]
    assert dues == sorted(dues)
    assert first.items[0].company_name == "Initrode 1"
    assert first.zone.key == "Europe/Berlin"
    second = await service.reminders.page(me, 9)  # past the end: the last page
    assert second.page == 2 and len(second.items) == 2
    # Another user's reminder cannot be pressed from a forged button.
    theirs = (await service.reminders.page(other, 1)).items[0].reminder
    assert await service.reminders.cancel(me, theirs.id) is None
    assert await service.reminders.snooze(me, theirs.id, 1) is None


async def test_done_cancel_and_snooze_follow_one_rule(db: Database, make_user: Any) -> None:
    me = await make_user()
    service = ApplicationService(db).reminders
    app = await _app(db, me, 2)
    async with db.as_user(me) as uow:
        first = await uow.reminders.add(app.id, _soon(1))
        second = await uow.reminders.add(app.id, _soon(2))
        sent = await uow.reminders.add(app.id, _soon(-1))
        await uow.reminders.mark_sent(sent.id)

    change = await service.done(me, first.id)
    assert change is not None and change.changed and change.reminder.status == "done"
    again = await service.done(me, first.id)  # a second tap changes nothing
    assert again is not None and not again.changed and again.reminder.status == "done"
    closed = await service.snooze(me, first.id, 1)  # a done reminder is not revived
    assert closed is not None and not closed.changed and closed.reminder.status == "done"

    later = await service.snooze(me, second.id, 1)  # one still ahead moves from its due time
    assert later is not None and later.changed and later.reminder.due_at > _soon(2.9)
    cancelled = await service.cancel(me, second.id)
    assert cancelled is not None and cancelled.reminder.status == "cancelled"

    snoozed = await service.snooze(me, sent.id, 3)  # a delivered one comes back
    assert snoozed is not None and snoozed.changed and snoozed.reminder.status == "pending"
    assert snoozed.reminder.due_at > _soon(2.9)
    assert [i.reminder.id for i in (await service.page(me, 1)).items] == [sent.id]


async def test_the_card_carries_its_soonest_pending_reminder_in_the_users_zone(
    db: Database, make_user: Any
) -> None:
    me = await make_user()
    service = ApplicationService(db)
    app = await _app(db, me, 3)
    card = await service.card(me, app.id)
    assert card is not None and card.reminder_due is None
    async with db.as_user(me) as uow:
        await uow.users.update_settings(timezone="America/New_York")
        await uow.reminders.add(app.id, datetime(2027, 1, 15, 14, 0, tzinfo=UTC))
        sooner = await uow.reminders.add(app.id, datetime(2027, 1, 14, 14, 0, tzinfo=UTC))
    await service.reminders.cancel(me, sooner.id)
    card = await service.card(me, app.id)
    assert card is not None and card.reminder_due is not None
    assert (card.reminder_due.hour, str(card.reminder_due.tzinfo)) == (9, "America/New_York")


async def test_pipeline_counts_every_stage_and_priority_sorts_first(
    db: Database, make_user: Any
) -> None:
    me = await make_user()
    service = ApplicationService(db)
    apps = [await _app(db, me, i, "Pipeline") for i in range(4)]
    await service.set_stage(me, apps[0].id, "applied")
    await service.set_stage(me, apps[1].id, "applied")
    await service.set_stage(me, apps[2].id, "rejected")
    await service.set_priority(me, apps[0].id, "high")
    await service.set_priority(me, apps[3].id, "low")

    page = await service.page(me, 1)
    assert page.counts == {
        "saved": 1,
        "applied": 2,
        "interviewing": 0,
        "offer": 0,
        "rejected": 1,
        "withdrawn": 0,
    }
    assert [a.id for a in page.items] == [a.id for a in reversed(apps)]  # newest first
    by_priority = await service.page(me, 1, sort="priority")
    assert by_priority.items[0].id == apps[0].id and by_priority.items[-1].id == apps[3].id
    applied = await service.page(me, 1, stage="applied", sort="priority")
    assert [a.id for a in applied.items] == [apps[0].id, apps[1].id]
    assert applied.counts["saved"] == 1  # the pipeline counts all, whatever the filter
