"""Joining a long paste that Telegram split into several messages.

Telegram clients cut a text longer than 4096 characters into messages of at most 4096
and send them back to back. Treated one by one, a 7,000-character posting became two
applications and a resume was stored cut in half. A text part that is nearly full opens an
assembly; the parts that follow from the same user within a short window are absorbed into
it (their own updates are dropped) and the first part's handler receives the whole text.

The update processor opens the assembly before the first part's handler runs, so a part
that arrives while that handler is still starting is never missed. Commands ("/cancel")
are never absorbed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

TELEGRAM_TEXT_LIMIT = 4096
# Clients split at a newline or space before the limit: any part this long may continue.
PART_MIN_CHARS = 3300
WINDOW_S = 2.0
MAX_PARTS = 12  # 49k characters: longer than any resume or posting we accept


@dataclass
class _Assembly:
    parts: list[str]
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


class PasteAssembler:
    def __init__(self, window_s: float = WINDOW_S, part_min: int = PART_MIN_CHARS) -> None:
        self._window = window_s
        self._part_min = part_min
        self._open: dict[int, _Assembly] = {}

    def is_part(self, text: str | None) -> bool:
        return bool(text) and len(text or "") >= self._part_min and not (text or "").startswith("/")

    def absorb(self, user_id: int, text: str | None) -> bool:
        """Add a following part to this user's open assembly; False if it is a new message."""
        assembly = self._open.get(user_id)
        if assembly is None or not text or text.startswith("/") or len(assembly.parts) >= MAX_PARTS:
            return False
        assembly.parts.append(text)
        assembly.arrived.set()
        return True

    def open(self, user_id: int, first: str) -> None:
        self._open[user_id] = _Assembly([first])

    def is_open(self, user_id: int) -> bool:
        return user_id in self._open

    async def collect(self, user_id: int) -> str | None:
        """Wait for the remaining parts and return the whole text (None if none was open).

        Stops when a short part arrives (the last one) or when no part came for the window.
        """
        assembly = self._open.get(user_id)
        if assembly is None:
            return None
        try:
            while len(assembly.parts[-1]) >= self._part_min and len(assembly.parts) < MAX_PARTS:
                assembly.arrived.clear()
                try:
                    await asyncio.wait_for(assembly.arrived.wait(), self._window)
                except TimeoutError:
                    break
        finally:
            self._open.pop(user_id, None)
        return "\n".join(assembly.parts)
