"""What a user confirmed or denied about a skill a posting asked for."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import UserFact


class FactRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def all(self) -> list[UserFact]:
        rows = await self._conn.execute(
            text("SELECT skill, has, detail FROM user_facts ORDER BY created_at")
        )
        return [UserFact(skill=r.skill, has=r.has, detail=r.detail) for r in rows]

    async def record(self, skill: str, has: bool, detail: str = "") -> None:
        """One answer per skill (case-insensitive); a new answer replaces the old one."""
        await self._conn.execute(
            text(
                "INSERT INTO user_facts (user_id, skill, has, detail)"
                " VALUES ((SELECT jf_current_user_id()), :skill, :has, :detail)"
                " ON CONFLICT (user_id, lower(skill))"
                " DO UPDATE SET has = EXCLUDED.has, detail = EXCLUDED.detail"
            ),
            {"skill": skill[:120], "has": has, "detail": detail[:300]},
        )
