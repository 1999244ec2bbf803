"""Scheduler fixtures: a database per test (the scheduler works across all users, so tests
must not see each other's due digests), the Bot API emulator and a real PTB Bot on it."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
import pytest
from psycopg import sql
from telegram import Bot
from telegram.ext import ExtBot

from bot.services.scheduler import Scheduler
from handlers.outbound.rate_limit import ChatAwareRateLimiter
from handlers.outbound.telegram_notifier import TelegramNotifier
from playground.bot_api import BotApiEmulator
from storage.database import Database
from storage.migrations import create_database, drop_database, migrate
from storage.urls import bot_url, libpq_dsn, with_database
from tests.conftest import TestDatabase as DatabaseUrls

MODEL = "jobforge-local-hash-v1"


@pytest.fixture(scope="session")
def sched_template(pg_server_url: str) -> Iterator[str]:
    """One migrated database that every test clones (CREATE DATABASE … TEMPLATE is fast)."""
    name = f"jf_sched_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    create_database(pg_server_url, name)
    migrate(with_database(pg_server_url, name), os.environ.get("JOBFORGE_APP_DB_PASSWORD"))
    with psycopg.connect(libpq_dsn(pg_server_url), autocommit=True) as conn:
        # yoyo may keep its connection; a template must have no sessions to be cloned.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    yield name
    drop_database(pg_server_url, name)


@pytest.fixture
def fresh_db(pg_server_url: str, sched_template: str) -> Iterator[DatabaseUrls]:
    name = f"jf_sched_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_dsn(pg_server_url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(sched_template)
            )
        )
    owner = with_database(pg_server_url, name)
    yield DatabaseUrls(
        owner_url=owner,
        bot_url=bot_url(owner, os.environ.get("JOBFORGE_APP_DB_PASSWORD")),
        name=name,
    )
    drop_database(pg_server_url, name)


@pytest.fixture
async def sdb(fresh_db: DatabaseUrls) -> AsyncIterator[Database]:
    database = Database(fresh_db.bot_url, pool_size=4, max_overflow=8)
    yield database
    await database.close()


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    """The bot as the application builds it: over HTTP, through the project's rate limiter
    (the one layer that retries a 429); a 403 reaches the notifier as from Telegram."""
    async with ExtBot(
        emulator.token,
        base_url=f"{emulator.url}/bot",
        base_file_url=f"{emulator.url}/file/bot",
        rate_limiter=ChatAwareRateLimiter(),
    ) as b:
        yield b


@pytest.fixture
def notifier(bot: Bot) -> TelegramNotifier:
    return TelegramNotifier(bot)


@pytest.fixture
def make_scheduler(sdb: Database, notifier: TelegramNotifier) -> Any:
    def _make(db: Database | None = None, **kwargs: Any) -> Scheduler:
        return Scheduler(db or sdb, notifier, embedding_model=MODEL, **kwargs)

    return _make


_ids = iter(range(5_000, 10_000_000))


@dataclass(frozen=True)
class TgUser:
    id: uuid.UUID
    telegram_id: int


async def new_user(
    db: Database, emulator: BotApiEmulator, name: str = "Sam", **settings: Any
) -> TgUser:
    """A user known to both the emulator (their chat exists) and the database."""
    telegram_id = next(_ids)
    emulator.state.ensure_user(telegram_id, name)
    async with db.system() as system:
        user_id = await system.upsert_user(telegram_id, telegram_id, name, "en")
    if settings:
        async with db.as_user(user_id) as uow:
            await uow.users.update_settings(**settings)
    return TgUser(user_id, telegram_id)


async def due_user(
    db: Database, emulator: BotApiEmulator, due: datetime, name: str = "Sam"
) -> TgUser:
    """A daily-digest user whose next digest was due at `due`."""
    return await new_user(
        db, emulator, name, digest_frequency="daily", digest_hour=9, next_digest_at=due
    )


def digests(emulator: BotApiEmulator, chat_id: int) -> list[str]:
    return [m.content for m in emulator.messages(chat_id) if "Your JobForge digest" in m.content]
