"""Digest settings as a user changes them: time zone spelling, ranges, the next due time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.problems import InputProblem
from bot.services.settings import SettingsService
from playground.bot_api import BotApiEmulator
from storage.database import Database
from tests.scheduling.conftest import new_user


async def test_settings_schedule_the_next_digest_at_the_local_hour(
    sdb: Database, emulator: BotApiEmulator
) -> None:
    user = await new_user(sdb, emulator)
    settings = SettingsService(sdb)
    updated = await settings.update(user.id, timezone=" pacific/auckland ")
    assert updated.timezone == "Pacific/Auckland"
    updated = await settings.update(user.id, digest_frequency="weekly", digest_hour=7)
    assert updated.next_digest_at is not None and updated.next_digest_at > datetime.now(UTC)
    local = updated.next_digest_at.astimezone(ZoneInfo("Pacific/Auckland"))
    assert (local.hour, local.minute, local.weekday()) == (7, 0, 0)
    off = await settings.update(user.id, digest_frequency="off")
    assert off.next_digest_at is None


@pytest.mark.parametrize(
    "changes",
    [
        {"timezone": "America"},
        {"timezone": "Mars/Olympus"},
        {"digest_hour": 24},
        {"digest_hour": "nine"},
        {"digest_weekday": 7},
        {"digest_frequency": "hourly"},
    ],
)
async def test_bad_settings_are_an_input_problem(
    sdb: Database, emulator: BotApiEmulator, changes: dict[str, object]
) -> None:
    user = await new_user(sdb, emulator)
    with pytest.raises(InputProblem):
        await SettingsService(sdb).update(user.id, **changes)
