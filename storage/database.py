"""The bot's connection pool and the one way to work as a user.

Every unit of work is a transaction that first calls
`set_config('app.current_user_id', <uuid>, true)`: the setting is transaction-local, so a
pooled connection handed to the next caller carries no context (fail-closed RLS).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
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
    orig = getattr(error, "orig", None) if isinstance(error, DBAPIError) else None
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
        async with self.engine.begin() as conn:
            await conn.execute(
                text("SELECT set_config('app.current_user_id', :uid, true)"),
                {"uid": str(user_id)},
            )
            yield UnitOfWork(
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
