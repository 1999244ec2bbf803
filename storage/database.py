"""The bot's connection pool and the one way to work as a user.

Every unit of work is a transaction that first calls
`set_config('app.current_user_id', <uuid>, true)`: the setting is transaction-local, so a
pooled connection handed to the next caller carries no context (fail-closed RLS).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage.applications import ApplicationRepository
from storage.documents import DocumentRepository
from storage.embeddings import EmbeddingRepository
from storage.facts import FactRepository
from storage.jobs import JobRepository
from storage.reminders import ReminderRepository
from storage.resumes import ResumeRepository
from storage.search import SearchRepository
from storage.system import SystemRepository
from storage.urls import asyncpg_url
from storage.usage import UsageRepository
from storage.users import UserRepository

# A transaction PostgreSQL aborted only because another one got in its way (deadlock,
# serialization failure): running it again is the documented answer.
_TRANSIENT_SQLSTATES = {"40P01", "40001"}


def is_transient(error: BaseException) -> bool:
    """From SQLAlchemy (a statement) or asyncpg itself (as_user's own COMMIT)."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    return getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES


@dataclass
class UnitOfWork:
    """Repositories sharing one transaction, all scoped to one user by RLS."""

    user_id: UUID
    connection: AsyncConnection
    users: UserRepository
    resumes: ResumeRepository
    applications: ApplicationRepository
    documents: DocumentRepository
    jobs: JobRepository
    embeddings: EmbeddingRepository
    reminders: ReminderRepository
    search: SearchRepository
    usage: UsageRepository
    facts: FactRepository


async def _roll_back_or_discard(pooled: AsyncConnection, driver: Any) -> None:
    """End a failed unit of work. A connection whose transaction could not be rolled back
    (broken, or cancelled mid-way) is discarded, never pooled: the next caller would run
    inside this user's transaction, with this user's RLS setting."""
    try:
        await driver.execute("ROLLBACK")
    except BaseException as error:
        await asyncio.shield(pooled.invalidate())
        if not isinstance(error, Exception):
            raise  # cancelled: stop; otherwise the unit of work's own error goes on


class Database:
    def __init__(self, bot_url: str, *, pool_size: int = 10, max_overflow: int = 10) -> None:
        self.engine: AsyncEngine = create_async_engine(
            asyncpg_url(bot_url),
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_recycle=3600,
            # No pre-ping: it costs a round trip per transaction (measured in bench/updates);
            # a dropped connection fails one transaction, is discarded, and is replaced.
            pool_pre_ping=False,
            # An error message must not carry the statement's parameters: they are user
            # content (search text, feedback, names) and Telegram ids.
            hide_parameters=True,
        )

    @asynccontextmanager
    async def as_user(self, user_id: UUID) -> AsyncIterator[UnitOfWork]:
        """One transaction as `user_id`: committed when the block ends, rolled back if it
        raises.

        BEGIN and the transaction-local user setting go to PostgreSQL as one simple-protocol
        message (one round trip instead of two; SQLAlchemy's own BEGIN would come alone), so
        the connection is taken in AUTOCOMMIT mode, where SQLAlchemy sends no BEGIN, and the
        transaction is ended here. `user_id` is a UUID, so writing it into the text is safe.
        """
        uid = str(UUID(str(user_id)))
        async with self.engine.connect() as pooled:
            conn = await pooled.execution_options(isolation_level="AUTOCOMMIT")
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None
            await driver.execute(f"BEGIN; SELECT set_config('app.current_user_id', '{uid}', true)")
            ended = False
            try:
                yield self._unit(user_id, conn)
                await driver.execute("COMMIT")
                ended = True
            finally:
                if not ended:
                    await _roll_back_or_discard(pooled, driver)

    @staticmethod
    def _unit(user_id: UUID, conn: AsyncConnection) -> UnitOfWork:
        return UnitOfWork(
            user_id=user_id,
            connection=conn,
            users=UserRepository(conn),
            resumes=ResumeRepository(conn),
            applications=ApplicationRepository(conn),
            documents=DocumentRepository(conn),
            jobs=JobRepository(conn),
            embeddings=EmbeddingRepository(conn),
            reminders=ReminderRepository(conn),
            search=SearchRepository(conn),
            usage=UsageRepository(conn),
            facts=FactRepository(conn),
        )

    @asynccontextmanager
    async def system(self) -> AsyncIterator[SystemRepository]:
        async with self.engine.begin() as conn:
            yield SystemRepository(conn)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()
