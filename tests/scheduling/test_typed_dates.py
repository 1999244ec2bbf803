"""Reminders and time zones typed as users write them, through the services on the real DB."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.applications import ApplicationService
from bot.services.problems import InputProblem
from bot.services.settings import SettingsService
from playground.bot_api import BotApiEmulator
from storage.database import Database
from tests.scheduling.conftest import new_user
from tests.scheduling.test_reminders import application


async def test_a_city_sets_the_zone_and_a_typed_date_is_read_in_it(
    sdb: Database, emulator: BotApiEmulator
) -> None:
    user = await new_user(sdb, emulator)
    app = await application(sdb, user)
    settings = SettingsService(sdb)

    updated = await settings.update(user.id, timezone="Munich")
    assert updated.timezone == "Europe/Berlin"

    reminder = await ApplicationService(sdb).remind_on(user.id, app.id, "15.01.2027 9:00")
    assert reminder.due_at == datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
    async with sdb.as_user(user.id) as uow:
        (stored,) = await uow.reminders.pending()
    assert stored.due_at.astimezone(ZoneInfo("Europe/Berlin")).hour == 9

    updated = await settings.update(user.id, timezone="new york")
    assert updated.timezone == "America/New_York"
    reminder = await ApplicationService(sdb).remind_on(user.id, app.id, "Jan 15 2027")
    assert reminder.due_at == datetime(2027, 1, 15, 14, 0, tzinfo=UTC)  # 09:00 EST


async def test_problems_are_told_in_the_users_language(
    sdb: Database, emulator: BotApiEmulator
) -> None:
    english = await new_user(sdb, emulator)
    german = await new_user(sdb, emulator, interface_language="de")
    settings, apps = SettingsService(sdb), ApplicationService(sdb)

    with pytest.raises(InputProblem, match="Send a city"):
        await settings.update(english.id, timezone="Narnia")
    with pytest.raises(InputProblem, match="Schick eine Stadt"):
        await settings.update(german.id, timezone="Narnia")
    assert (await settings.get(german.id)).timezone == "UTC"  # nothing changed

    app = await application(sdb, german)
    with pytest.raises(InputProblem, match="Vergangenheit"):
        await apps.remind_on(german.id, app.id, "01.01.2020")
    with pytest.raises(InputProblem, match=r"5\. Juni"):
        await apps.remind_on(german.id, app.id, "05/06/2099")
    with pytest.raises(InputProblem, match="more than 366 days"):
        await apps.remind_on(english.id, app.id, "2099-01-01")
    async with sdb.as_user(german.id) as uow:
        assert await uow.reminders.pending() == []
