"""Telling every bot process that a user deleted their account (PostgreSQL LISTEN/NOTIFY).

Each process keeps a Telegram id → user id cache for a minute; without this, a process that
did not handle /delete_me would keep the deleted id for up to that minute and its writes for
the user would fail (or, after a new /start elsewhere, land on the old id). The notice is
sent inside the deleting transaction, so it is delivered on commit and only then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

CHANNEL = "jobforge_user_gone"
_log = logging.getLogger(__name__)


class UserGoneListener:
    """One dedicated connection per process that LISTENs and calls `on_gone(telegram_id)`;
    reconnects after a database restart (a notice sent while it was down is lost, and the
    cache's own expiry covers that rare case)."""

    def __init__(self, engine: AsyncEngine, on_gone: Callable[[int], None]) -> None:
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._on_gone = on_gone
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="user-gone-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        if payload.isdigit():
            self._on_gone(int(payload))

    async def _run(self) -> None:
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self._dsn)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(CHANNEL, self._notified)
                self.ready.set()
                await lost.wait()
            except asyncio.CancelledError:
                raise
            except Exception:
                _log.warning("user-gone listener lost its connection; retrying", exc_info=False)
            finally:
                self.ready.clear()
                if conn is not None and not conn.is_closed():
                    with contextlib.suppress(Exception):
                        await conn.close()
            await asyncio.sleep(2)
