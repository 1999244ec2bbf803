"""In-memory world of the emulator: users, chats, messages, files, updates and change signals."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from playground.bot_api_limits import FaultInjector, RateLimiter
from playground.bot_api_models import (
    JSON,
    ApiError,
    CallbackAnswer,
    Draft,
    SentMessage,
    StoredFile,
    bad_request,
)


class EmulatorState:
    """Everything the emulated Telegram knows; all lookups are dict-based (O(1))."""

    def __init__(self, token: str, bot_username: str = "jobforge_test_bot") -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "JobForge",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.strict_html_ampersand = True
        self.users: dict[int, JSON] = {}
        self.blocked: set[int] = set()
        self._next_message_id: dict[int, int] = {}
        self.bot_messages: dict[int, list[SentMessage]] = {}
        self.bot_index: dict[tuple[int, int], SentMessage] = {}
        self.user_messages: dict[tuple[int, int], JSON] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self._file_seq = itertools.count(1)
        self.updates: deque[JSON] = deque()
        self._next_update_id = 1
        self._update_waiters: set[asyncio.Future[None]] = set()
        self._change_waiters: set[asyncio.Future[None]] = set()
        self.version = 0
        self.open_queries: dict[str, JSON] = {}
        self.answers_refused = 0  # second answers to a callback query (Telegram refuses them)
        self._query_seq = itertools.count(1)
        self.callback_answers: list[CallbackAnswer] = []
        self.drafts: dict[int, list[Draft]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.commands: dict[str, list[JSON]] = {}
        self.webhook: JSON = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        self.request_counts: Counter[str] = Counter()
        self.rate_limited_count = 0
        self.limiter = RateLimiter()
        self.faults = FaultInjector()
        self.closing = False

    # -- change notification -------------------------------------------------------------
    def changed(self) -> None:
        """Wake everyone waiting in wait_for(); called after every visible mutation."""
        self.version += 1
        _wake(self._change_waiters)

    async def wait_change(self, timeout: float) -> None:  # noqa: ASYNC109
        """Sleep until the next change or the timeout, whichever comes first."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._change_waiters.add(fut)
        try:
            await _wait_or_timeout(fut, timeout)
        finally:
            self._change_waiters.discard(fut)

    # -- updates ---------------------------------------------------------------------------
    def push_update(self, kind: str, payload: JSON) -> int:
        """Queue an update for getUpdates with a monotonically increasing update_id."""
        update_id = self._next_update_id
        self._next_update_id += 1
        self.updates.append({"update_id": update_id, kind: payload})
        _wake(self._update_waiters)
        self.changed()
        return update_id

    async def get_updates(self, offset: int, limit: int, timeout: float) -> list[JSON]:  # noqa: ASYNC109
        """Long polling: confirm < offset, answer at once if anything is pending, else wait."""
        if offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
        else:
            while self.updates and self.updates[0]["update_id"] < offset:
                self.updates.popleft()
        if not self.updates and timeout > 0 and not self.closing:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._update_waiters.add(fut)
            try:
                await _wait_or_timeout(fut, timeout)
            finally:
                self._update_waiters.discard(fut)
        return list(itertools.islice(self.updates, max(1, min(limit, 100))))

    def shutdown(self) -> None:
        """Release long polls so the server can stop promptly."""
        self.closing = True
        _wake(self._update_waiters)
        _wake(self._change_waiters)

    # -- users, chats, messages ------------------------------------------------------------
    def ensure_user(
        self, user_id: int, first_name: str = "Test", language_code: str | None = "en"
    ) -> JSON:
        """Register a user (their private chat has the same id), as if they pressed Start."""
        user = self.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name}
            if language_code:
                user["language_code"] = language_code
            self.users[user_id] = user
            self.bot_messages[user_id] = []
        return user

    def chat_json(self, chat_id: int) -> JSON:
        """Private chat object as Telegram describes it."""
        user = self.users[chat_id]
        return {"id": chat_id, "type": "private", "first_name": user["first_name"]}

    def next_message_id(self, chat_id: int) -> int:
        """User and bot messages share one id sequence per chat, as in real private chats."""
        mid = self._next_message_id.get(chat_id, 0) + 1
        self._next_message_id[chat_id] = mid
        return mid

    def target_chat(self, params: JSON, *, sending: bool = True) -> int:
        """Resolve chat_id; unknown chats and blocked users fail like on Telegram."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        if chat_id not in self.users:
            raise bad_request("chat not found")
        if sending and chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def add_bot_message(self, msg: SentMessage) -> None:
        """Store a bot message and notify waiters."""
        self.bot_messages[msg.chat_id].append(msg)
        self.bot_index[(msg.chat_id, msg.message_id)] = msg
        self.changed()

    def message_json(self, msg: SentMessage) -> JSON:
        """The Message object returned to the bot for its own message."""
        data: JSON = {
            "message_id": msg.message_id,
            "from": self.bot_user,
            "chat": self.chat_json(msg.chat_id),
            "date": msg.date,
        }
        if msg.text is not None:
            data["text"] = msg.text
            if msg.entities:
                data["entities"] = msg.entities
        if msg.document is not None:
            stored = self.files[msg.document.file_id]
            data["document"] = file_json(stored)
        if msg.caption is not None:
            data["caption"] = msg.caption
            if msg.entities:
                data["caption_entities"] = msg.entities
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            data["reply_markup"] = msg.reply_markup
        if msg.edits:
            data["edit_date"] = int(msg.edits[-1].at)
        if msg.reply_to_message_id is not None:
            replied = self.find_any_message(msg.chat_id, msg.reply_to_message_id)
            if replied is not None:
                data["reply_to_message"] = replied
        return data

    def find_any_message(self, chat_id: int, message_id: int) -> JSON | None:
        """A bot or user message of this chat as JSON, or None when absent/deleted."""
        bot_msg = self.bot_index.get((chat_id, message_id))
        if bot_msg is not None:
            return None if bot_msg.deleted else self.message_json(bot_msg)
        return self.user_messages.get((chat_id, message_id))

    # -- files -----------------------------------------------------------------------------
    def store_file(
        self, data: bytes, filename: str, mime_type: str | None, file_size: int | None = None
    ) -> StoredFile:
        """Keep bytes addressable by file_id and by download path."""
        seq = next(self._file_seq)
        stored = StoredFile(
            file_id=f"BQACAgIAAxk{seq:08d}",
            file_unique_id=f"AgAD{seq:06d}",
            file_path=f"documents/file_{seq}_{_safe_name(filename)}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            file_size=len(data) if file_size is None else file_size,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def new_query_id(self) -> str:
        """Callback query ids are opaque numeric strings on Telegram."""
        return str(4_000_000_000_000 + next(self._query_seq))


def file_json(stored: StoredFile) -> JSON:
    """Document object for a stored file."""
    data: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.filename,
        "file_size": stored.file_size,
    }
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data


def _safe_name(filename: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in filename) or "file"


async def _wait_or_timeout(fut: asyncio.Future[None], timeout: float) -> None:  # noqa: ASYNC109
    """Wait for fut or the timeout; unlike 3.11's wait_for, never swallows a cancellation.

    asyncio.wait_for (Python 3.11) returns normally when the task is cancelled in the same
    loop iteration in which fut completes, so a cancelled watcher would loop forever.
    """
    await asyncio.wait((fut,), timeout=timeout)


def _wake(waiters: set[asyncio.Future[None]]) -> None:
    for fut in waiters:
        if not fut.done():
            fut.set_result(None)
    waiters.clear()


def now() -> int:
    """Unix time, as Telegram stamps messages."""
    return int(time.time())


Predicate = Callable[[], Any]
