"""The only calls made without a user context: narrow SECURITY DEFINER functions.

Finding a user by Telegram id happens before any context exists; the worker and the
scheduler must find work across users. Each function returns ids only; everything else
is then read in a per-user unit of work.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


class SystemRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def upsert_user(
        self, telegram_id: int, chat_id: int, display_name: str, language: str | None
    ) -> UUID:
        row = (
            await self._conn.execute(
                text("SELECT jf_upsert_user(:tg, :chat, :name, :lang)"),
                {"tg": telegram_id, "chat": chat_id, "name": display_name, "lang": language},
            )
        ).one()
        return UUID(str(row[0]))

    async def find_user(self, telegram_id: int) -> UUID | None:
        row = (
            await self._conn.execute(text("SELECT jf_find_user(:tg)"), {"tg": telegram_id})
        ).one()
        return UUID(str(row[0])) if row[0] else None

    async def claim_jobs(
        self, worker: str, lease_s: int, limit: int = 1
    ) -> list[tuple[UUID, UUID]]:
        rows = await self._conn.execute(
            text("SELECT job_id, user_id FROM jf_claim_jobs(:w, :lease, :limit)"),
            {"w": worker, "lease": lease_s, "limit": limit},
        )
        return [(r[0], r[1]) for r in rows]

    async def claim_due_digests(
        self, limit: int, lease_s: int
    ) -> list[tuple[UUID, UUID, datetime]]:
        rows = await self._conn.execute(
            text("SELECT delivery_id, user_id, due_at FROM jf_claim_due_digests(:limit, :lease)"),
            {"limit": limit, "lease": lease_s},
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def claim_due_reminders(self, limit: int, lease_s: int) -> list[tuple[UUID, UUID]]:
        rows = await self._conn.execute(
            text("SELECT reminder_id, user_id FROM jf_claim_due_reminders(:limit, :lease)"),
            {"limit": limit, "lease": lease_s},
        )
        return [(r[0], r[1]) for r in rows]

    async def claim_unnotified_jobs(self, limit: int, lease_s: int) -> list[tuple[UUID, UUID]]:
        rows = await self._conn.execute(
            text("SELECT job_id, user_id FROM jf_claim_unnotified_jobs(:limit, :lease)"),
            {"limit": limit, "lease": lease_s},
        )
        return [(r[0], r[1]) for r in rows]
