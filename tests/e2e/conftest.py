"""The real bot (PTB Application polling the Bot API emulator) on the session's PostgreSQL."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from handlers.outbound.rate_limit import ChatAwareRateLimiter
from playground.bot_api import BotApiEmulator
from playground.session import PlaygroundSession, playground
from storage.database import Database
from tests.conftest import TestDatabase
from tests.e2e.helpers import ChatUser, new_telegram_id

SAMPLES = Path(__file__).resolve().parents[2] / "playground" / "samples"
RESUME = (SAMPLES / "resume.md").read_text()
POSTING = (SAMPLES / "posting_backend.txt").read_text()
POSTING_2 = (SAMPLES / "posting_platform.txt").read_text()


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Explicit settings, so the machine's environment cannot leak into a test."""
    values: dict[str, Any] = {
        "openai_api_key": None,
        "telegram_bot_token": None,
        "database_url": None,
        "scheduler_tick_s": 0.2,
        "data_dir": tmp_path,
        "job_lease_s": 4,
    }
    values.update(overrides)
    return Settings(**values)


@contextlib.asynccontextmanager
async def bot_session(
    settings: Settings, bot_db_url: str, *, emulator: BotApiEmulator | None = None
) -> AsyncIterator[PlaygroundSession]:
    """`playground.session.playground`, with the bot's per-chat send budget raised.

    The production limiter allows 1 message/s per chat (Telegram's rule), which would make
    a three-step generation take ~15 s here; the same limiter class runs, only faster.
    """
    async with playground(
        settings,
        bot_db_url,
        emulator=emulator,
        pool_size=4,
        rate_limiter=ChatAwareRateLimiter(per_chat_per_second=20, per_chat_burst=20),
    ) as started:
        yield started


@pytest.fixture
async def session(test_db: TestDatabase, tmp_path: Path) -> AsyncIterator[PlaygroundSession]:
    """A running bot with the offline engine and a fresh emulator."""
    async with bot_session(make_settings(tmp_path), test_db.bot_url) as started:
        yield started
    # Every e2e test also checks the button protocol: no callback query answered twice.
    assert started.emulator.state.answers_refused == 0


@pytest.fixture
def new_user(session: PlaygroundSession, db: Database) -> Callable[..., ChatUser]:
    """Make a fresh person (unique Telegram id) who talks to the running bot."""

    def _make(name: str = "Alex") -> ChatUser:
        return ChatUser(session.emulator, db, new_telegram_id(), name)

    return _make


async def onboard(user: ChatUser, resume: str = RESUME) -> None:
    """/start and paste a resume, as every user does first."""
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    after = user.send(resume)
    await user.wait("Saved", after=after)
