"""The Bot API emulator with a reply recorder: when did the bot answer each chat, and how often.

Benchmarks need "update queued → reply received" per chat without polling the message
store; this subclass counts every reply-type Bot API call as it arrives.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from playground.bot_api import BotApiEmulator, _json, read_params
from playground.bot_api_methods import dispatch
from playground.bot_api_models import ApiError, SentMessage

REPLY_METHODS = frozenset(
    {
        "sendmessage",
        "editmessagetext",
        "editmessagereplymarkup",
        "answercallbackquery",
        "senddocument",
        "sendmessagedraft",
    }
)


@dataclass
class Outstanding:
    """One update waiting for its replies."""

    kind: str
    expected: int
    queued_at: float
    seen: int = 0


@dataclass
class ReplyLog:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    completed: int = 0
    completed_at: list[float] = field(default_factory=list)


class RecordingEmulator(BotApiEmulator):
    """Counts replies per chat; resolves an Outstanding update once its replies all arrived."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.query_chat: dict[str, int] = {}
        self.replies_by_chat: Counter[int] = Counter()
        self.calls: Counter[str] = Counter()
        self.outstanding: dict[int, Outstanding] = {}
        self.log = ReplyLog()
        self.on_complete: Callable[[int], None] | None = None
        self.sent_times: dict[int, list[float]] = defaultdict(list)

    def reset_log(self) -> None:
        self.log = ReplyLog()

    def press(self, user_id: int, message_id: int, data: str) -> None:
        """A button press whose answerCallbackQuery can be traced back to its chat."""
        query_id = self.user_presses_button(user_id, message_id, data, forge=True)
        self.query_chat[query_id] = user_id

    def add_card_message(self, user_id: int) -> int:
        """Give a user a bot message to press buttons on (as if a card had been sent)."""
        self.state.ensure_user(user_id)
        message_id = self.state.next_message_id(user_id)
        self.state.add_bot_message(
            SentMessage(chat_id=user_id, message_id=message_id, date=int(time.time()), text="card")
        )
        return message_id

    def expect(self, chat_id: int, kind: str, expected: int) -> None:
        self.outstanding[chat_id] = Outstanding(kind, expected, time.perf_counter())

    def _record(self, method: str, params: dict[str, Any]) -> None:
        self.calls[method] += 1
        if method not in REPLY_METHODS:
            return
        if method == "answercallbackquery":
            chat = self.query_chat.pop(str(params.get("callback_query_id")), None)
        else:
            try:
                chat = int(params.get("chat_id"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                chat = None
        if chat is None:
            return
        now = time.perf_counter()
        self.replies_by_chat[chat] += 1
        if method == "sendmessage":
            self.sent_times[chat].append(now)
        pending = self.outstanding.get(chat)
        if pending is None:
            return
        pending.seen += 1
        if pending.seen >= pending.expected:
            del self.outstanding[chat]
            self.log.latencies[pending.kind].append(now - pending.queued_at)
            self.log.completed += 1
            self.log.completed_at.append(now)
            if self.on_complete is not None:
                self.on_complete(chat)

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(ApiError(401, "Unauthorized").to_json(), 401)
        method = request.match_info["method"].lower()
        try:
            params = await read_params(request)
            try:
                result: Any = await dispatch(self.state, request.match_info["method"], params)
            finally:
                self._record(method, params)
        except ApiError as err:
            return _json(err.to_json(), err.error_code)
        except ConnectionResetError:  # the client was killed mid-request (fault benchmark)
            return _json({"ok": False, "error_code": 499, "description": "client gone"}, 499)
        return _json({"ok": True, "result": result})


async def wait_quiet(emu: RecordingEmulator, chat_id: int, quiet_s: float, max_s: float) -> int:
    """Replies seen in a chat once it has been silent for quiet_s (bounded by max_s)."""
    deadline = time.monotonic() + max_s
    last = -1
    last_change = time.monotonic()
    while time.monotonic() < deadline:
        now_count = emu.replies_by_chat[chat_id]
        if now_count != last:
            last, last_change = now_count, time.monotonic()
        elif time.monotonic() - last_change >= quiet_s and last > 0:
            break
        await asyncio.sleep(0.02)
    return emu.replies_by_chat[chat_id]
