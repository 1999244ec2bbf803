"""Token accounting per user and application, and the daily budget check."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


class UsageRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(
        self,
        *,
        purpose: str,
        model: str,
        prompt_tokens: int,
        completion_tokens: int,
        cached_tokens: int = 0,
        application_id: UUID | None = None,
        job_id: UUID | None = None,
    ) -> None:
        await self._conn.execute(
            text(
                "INSERT INTO token_usage (user_id, application_id, job_id, purpose, model,"
                " prompt_tokens, completion_tokens, cached_tokens) VALUES"
                " ((SELECT jf_current_user_id()), :app, :job, :purpose, :model, :p, :c, :k)"
            ),
            {
                "app": application_id,
                "job": job_id,
                "purpose": purpose,
                "model": model,
                "p": prompt_tokens,
                "c": completion_tokens,
                "k": cached_tokens,
            },
        )

    async def used_last_24h(self) -> int:
        row = (
            await self._conn.execute(
                text(
                    "SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) FROM token_usage"
                    " WHERE created_at > now() - interval '24 hours'"
                )
            )
        ).one()
        return int(row[0])

    async def for_application(self, application_id: UUID) -> dict[str, int]:
        row = (
            await self._conn.execute(
                text(
                    "SELECT coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),"
                    " coalesce(sum(cached_tokens), 0) FROM token_usage WHERE application_id = :a"
                ),
                {"a": application_id},
            )
        ).one()
        return {"prompt": int(row[0]), "completion": int(row[1]), "cached": int(row[2])}
