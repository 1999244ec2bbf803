"""A user's reminders: listed, snoozed, marked done and cancelled (from /reminders and from
the buttons on a reminder message alike, so both follow one rule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from bot.services.problems import InputProblem
from bot.services.schedule import zone_of
from storage.database import Database
from storage.models import Reminder
from storage.reminders import OpenReminder

REMINDERS_PAGE_SIZE = 8
SNOOZE_DAYS = (1, 3, 7)


@dataclass(frozen=True)
class ReminderPage:
    items: list[OpenReminder]
    page: int
    pages: int
    total: int
    zone: ZoneInfo  # the user's: every due time is shown in it


@dataclass(frozen=True)
class ReminderChange:
    """What a press did: `changed` is False when the reminder had already been closed
    (done or cancelled) before, so nothing was changed now."""

    reminder: Reminder
    changed: bool


class ReminderService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def page(self, user_id: UUID, page: int) -> ReminderPage:
        """The pending reminders, soonest first, `REMINDERS_PAGE_SIZE` a page."""
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
            total = await uow.reminders.open_count()
            pages = max(1, -(-total // REMINDERS_PAGE_SIZE))
            page = min(max(page, 1), pages)
            items = await uow.reminders.open_for_user(
                limit=REMINDERS_PAGE_SIZE, offset=(page - 1) * REMINDERS_PAGE_SIZE
            )
        return ReminderPage(items, page, pages, total, zone_of(user.timezone if user else "UTC"))

    async def done(self, user_id: UUID, reminder_id: UUID) -> ReminderChange | None:
        return await self._close(user_id, reminder_id, "done")

    async def cancel(self, user_id: UUID, reminder_id: UUID) -> ReminderChange | None:
        return await self._close(user_id, reminder_id, "cancelled")

    async def snooze(self, user_id: UUID, reminder_id: UUID, days: int) -> ReminderChange | None:
        """`days` later: from now for a reminder already due or sent (it becomes pending
        again), from its due time for one still ahead (so a snooze never brings it closer).
        A closed one stays closed. None: no such reminder (deleted, or not this user's)."""
        if days not in SNOOZE_DAYS:
            raise InputProblem("Snooze for 1, 3 or 7 days.")
        async with self._db.as_user(user_id) as uow:
            current = await uow.reminders.get(reminder_id)
            if current is None:
                return None
            due = max(current.due_at, datetime.now(UTC)) + timedelta(days=days)
            if not await uow.reminders.snooze(reminder_id, due):
                return ReminderChange(current, changed=False)
            snoozed = await uow.reminders.get(reminder_id)
        return ReminderChange(snoozed, changed=True) if snoozed else None

    async def _close(self, user_id: UUID, reminder_id: UUID, status: str) -> ReminderChange | None:
        async with self._db.as_user(user_id) as uow:
            closed = await uow.reminders.close(reminder_id, status)
            if closed is not None:
                return ReminderChange(closed, changed=True)
            current = await uow.reminders.get(reminder_id)
        return ReminderChange(current, changed=False) if current else None
