"""The durable inbox (sql/0011): updates recorded before Telegram is told they arrived.

System data across users, so the bot role reaches it only through SECURITY DEFINER
functions; each call is its own short transaction, so a recorded update is committed
before the caller acknowledges it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

TOMBSTONE_KEEP_S = 24 * 3600  # Telegram keeps an unacknowledged update for 24 h


class Claim(StrEnum):
    RUN = "run"
    DONE = "done"  # processed before: a redelivery or a replayed copy
    GIVE_UP = "give_up"  # failed too often: closed without processing
    UNKNOWN = "unknown"  # never recorded


@dataclass(frozen=True)
class Recorded:
    duplicates: set[int]  # processed before: drop
    fresh: set[int]  # stored now for the first time (or an id reused for a new update)


class InboxRepository:
    def __init__(self, engine: AsyncEngine, bot_id: int) -> None:
        self._engine = engine
        self.bot_id = bot_id

    async def record(self, updates: list[dict[str, Any]]) -> Recorded:
        """Store a batch (committed on return)."""
        if not updates:
            return Recorded(set(), set())
        async with self._engine.begin() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT update_id, duplicate, fresh"
                        " FROM jf_inbox_record(:bot, CAST(:updates AS jsonb))"
                    ),
                    {"bot": self.bot_id, "updates": json.dumps(updates, ensure_ascii=False)},
                )
            ).all()
        return Recorded({int(r[0]) for r in rows if r[1]}, {int(r[0]) for r in rows if r[2]})

    async def claim(self, update_id: int, max_attempts: int) -> Claim:
        async with self._engine.begin() as conn:
            outcome = (
                await conn.execute(
                    text("SELECT jf_inbox_claim(:bot, :id, :max)"),
                    {"bot": self.bot_id, "id": update_id, "max": max_attempts},
                )
            ).scalar_one()
        return Claim(outcome)

    async def finish(self, update_ids: list[int]) -> int:
        async with self._engine.begin() as conn:
            closed = (
                await conn.execute(
                    text("SELECT jf_inbox_finish(:bot, :ids)"),
                    {"bot": self.bot_id, "ids": update_ids},
                )
            ).scalar_one()
        return int(closed)

    async def unfinished(self, limit: int = 1000) -> list[dict[str, Any]]:
        """Payloads of updates recorded but not done, oldest first."""
        async with self._engine.begin() as conn:
            rows = await conn.execute(
                text("SELECT payload FROM jf_inbox_unfinished(:bot, :limit)"),
                {"bot": self.bot_id, "limit": limit},
            )
            return [_as_dict(r[0]) for r in rows]

    async def prune(self, keep_s: int = TOMBSTONE_KEEP_S) -> int:
        async with self._engine.begin() as conn:
            gone = (
                await conn.execute(text("SELECT jf_inbox_prune(:keep)"), {"keep": keep_s})
            ).scalar_one()
        return int(gone)


def _as_dict(value: Any) -> dict[str, Any]:
    """asyncpg returns jsonb as text unless a codec is registered."""
    parsed = json.loads(value) if isinstance(value, str) else value
    return dict(parsed)
