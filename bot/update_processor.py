"""Updates run concurrently across users but in order for each user.

PTB's default concurrent processing could let one user's two quick messages race on the
same conversation state; a per-user lock keeps their order while others proceed. The parts
of a long paste that Telegram split are joined here too (`bot.paste_assembly`): before the
lock, so a following part reaches the first part's handler instead of queueing behind it.

With a durable inbox (`bot.inbound.Inbox`) each update is also counted as an attempt when
its turn comes and marked done once processed; absorbed paste parts are done together with
the first part, so a crash mid-paste replays every part. Duplicates are dropped first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.inbound import Inbox
from bot.paste_assembly import PasteAssembler
from storage.inbox import Claim


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256, *, inbox: Inbox | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self.pastes = PasteAssembler()
        self.inbox = inbox
        self._paste_ids: dict[int, list[int]] = {}  # user → update ids of the open paste

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is not None and self.inbox is not None and not self.inbox.accept(update_id):
            _close(coroutine)
            return
        ids = [update_id] if update_id is not None else []
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await self._run(ids, coroutine)
            return
        message = update.message if isinstance(update, Update) else None
        text = message.text if message is not None else None
        if self.pastes.absorb(user.id, text):
            _close(coroutine)  # this part is now inside the first part's text
            group = self._paste_ids.get(user.id)
            if group is not None:
                group.extend(ids)  # done when the first part is
            elif self.inbox is not None and ids:
                await self.inbox.finish(ids)
            return
        if self.pastes.is_part(text) and text is not None:
            self.pastes.open(user.id, text)
            self._paste_ids[user.id] = ids  # the same list grows as parts are absorbed
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        try:
            async with lock:
                await self._run(ids, coroutine)
        finally:
            if self._paste_ids.get(user.id) is ids:
                del self._paste_ids[user.id]
            if not lock.locked() and not lock._waiters:
                self._locks.pop(user.id, None)

    async def _run(self, ids: list[int], coroutine: Awaitable[Any]) -> None:
        """Process one update; with an inbox, count the attempt first and close it after.

        Cancelled (shutdown) or killed, it stays unfinished and is replayed at the next start.
        """
        if self.inbox is None or not ids:
            await coroutine
            return
        claim = await self.inbox.claim(ids[0])
        if claim in (Claim.DONE, Claim.GIVE_UP):
            _close(coroutine)
            await self.inbox.finish(ids)  # parts absorbed into it are closed with it
            return
        try:
            await coroutine
        except asyncio.CancelledError:
            raise
        except Exception:
            await self.inbox.finish(ids)  # a handled failure is still done
            raise
        await self.inbox.finish(ids)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _close(coroutine: Awaitable[Any]) -> None:
    if asyncio.iscoroutine(coroutine):
        coroutine.close()
