"""Outgoing rate limits: Telegram's overall budget plus a per-private-chat one.

PTB's AIORateLimiter throttles overall and per group, but not per private chat, and does
not retry by default; this adds both.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

# Methods that do not count as messages for Telegram's limits.
_FREE = {
    "getMe",
    "getUpdates",
    "getFile",
    "answerCallbackQuery",
    "sendChatAction",
    "setMyCommands",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "sendMessageDraft",
}


class ChatAwareRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        overall_per_second: float = 30,
        per_chat_per_second: float = 1,
        per_chat_burst: int = 3,
        max_retries: int = 3,
        max_chats: int = 10_000,
    ) -> None:
        super().__init__(
            overall_max_rate=overall_per_second, overall_time_period=1, max_retries=max_retries
        )
        self._per_chat_rate = per_chat_per_second
        self._burst = per_chat_burst
        self._max_chats = max_chats
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _limiter_for(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            period = self._burst / self._per_chat_rate
            limiter = AsyncLimiter(max_rate=self._burst, time_period=period)
            self._chats[chat_id] = limiter
            if len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)
        else:
            self._chats.move_to_end(chat_id)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        if endpoint not in _FREE and isinstance(chat_id, int) and chat_id > 0:
            async with self._limiter_for(chat_id):
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
