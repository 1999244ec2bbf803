"""The user's own row: settings, conversation state, digest schedule."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import User
from storage.rows import columns_of, to_model
from storage.user_events import CHANNEL as USER_GONE_CHANNEL

_COLS = columns_of(User)
_SETTABLE = {
    "output_language",
    "interface_language",
    "timezone",
    "digest_frequency",
    "digest_hour",
    "digest_weekday",
    "next_digest_at",
    "stalled_after_days",
    "display_name",
}


class UserRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def me(self) -> User | None:
        row = (await self._conn.execute(text(f"SELECT {_COLS} FROM users"))).first()
        return to_model(User, row) if row else None

    async def update_settings(self, **values: Any) -> None:
        unknown = set(values) - _SETTABLE
        if unknown:
            raise ValueError(f"not a user setting: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        await self._conn.execute(text(f"UPDATE users SET {assignments}"), values)

    async def set_pending_input(self, state: dict[str, Any]) -> None:
        await self._conn.execute(
            text("UPDATE users SET pending_input = CAST(:state AS jsonb)"),
            {"state": json.dumps(state)},
        )

    async def mark_blocked(self, when: datetime) -> None:
        await self._conn.execute(text("UPDATE users SET blocked_at = :when"), {"when": when})

    async def delete_me(self) -> int:
        """Delete the current user; every bot process is told on commit (user_events)."""
        rows = (await self._conn.execute(text("DELETE FROM users RETURNING telegram_id"))).all()
        for (telegram_id,) in rows:
            await self._conn.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": USER_GONE_CHANNEL, "payload": str(telegram_id)},
            )
        return len(rows)
