"""Updates run concurrently across users but in order for each user.

PTB's default concurrent processing could let one user's two quick messages race on the
same conversation state; a per-user lock keeps their order while others proceed. The parts
of a long paste that Telegram split are joined here too (`bot.paste_assembly`): before the
lock, so a following part reaches the first part's handler instead of queueing behind it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.paste_assembly import PasteAssembler


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self.pastes = PasteAssembler()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        message = update.message if isinstance(update, Update) else None
        text = message.text if message is not None else None
        if self.pastes.absorb(user.id, text):
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # this part is now inside the first part's text
            return
        if self.pastes.is_part(text) and text is not None:
            self.pastes.open(user.id, text)
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        try:
            async with lock:
                await coroutine
        finally:
            if not lock.locked() and not lock._waiters:
                self._locks.pop(user.id, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
