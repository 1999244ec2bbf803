"""Simulated-user side of the emulator: what a person does in the Telegram app, plus inspection."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from playground.bot_api_format import TEXT_LIMIT, command_entities, split_like_client
from playground.bot_api_limits import FaultInjector
from playground.bot_api_models import JSON, CallbackAnswer, Draft, RateLimits, SentMessage
from playground.bot_api_state import EmulatorState, file_json, now

T = TypeVar("T")


class UserSimulator:
    """Python API to act as users and to observe the bot's side of each chat."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    # -- acting as a user ------------------------------------------------------------------
    def _user_message(self, user_id: int, first_name: str, language_code: str | None) -> JSON:
        user = self.state.ensure_user(user_id, first_name, language_code)
        self.state.blocked.discard(user_id)  # writing to a bot means it was (re)started
        return {
            "message_id": self.state.next_message_id(user_id),
            "from": user,
            "chat": self.state.chat_json(user_id),
            "date": now(),
        }

    def user_sends_text(
        self,
        user_id: int,
        text: str,
        first_name: str = "Test",
        language_code: str | None = "en",
        reply_to_message_id: int | None = None,
    ) -> int:
        """Deliver a text message (with bot_command entities) from a user; returns message_id.

        Like a real Telegram client, a text longer than 4096 characters arrives as several
        messages sent back to back (split at a newline or space before the limit).
        """
        if len(text) > TEXT_LIMIT:
            parts = split_like_client(text)
            for part in parts[:-1]:
                self.user_sends_text(user_id, part, first_name, language_code)
            text = parts[-1]
        message = self._user_message(user_id, first_name, language_code)
        message["text"] = text
        entities = command_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to_message_id is not None:
            replied = self.state.find_any_message(user_id, reply_to_message_id)
            if replied is not None:
                message["reply_to_message"] = replied
        self.state.user_messages[(user_id, message["message_id"])] = message
        self.state.push_update("message", message)
        return int(message["message_id"])

    def user_sends_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        file_size: int | None = None,
        first_name: str = "Test",
        language_code: str | None = "en",
    ) -> int:
        """Deliver a document; file_size can be overridden to simulate files above 20 MB."""
        message = self._user_message(user_id, first_name, language_code)
        stored = self.state.store_file(data, filename, mime_type, file_size)
        message["document"] = file_json(stored)
        if caption:
            message["caption"] = caption
        self.state.user_messages[(user_id, message["message_id"])] = message
        self.state.push_update("message", message)
        return int(message["message_id"])

    def user_presses_button(
        self, user_id: int, message_id: int, callback_data: str, *, forge: bool = False
    ) -> str:
        """Press an inline button of a bot message; forge=True sends arbitrary data."""
        msg = self.state.bot_index.get((user_id, message_id))
        if msg is None or msg.deleted:
            raise LookupError(f"no bot message {message_id} in chat {user_id}")
        if not forge and callback_data not in {b.callback_data for b in msg.buttons}:
            raise LookupError(f"message {message_id} has no button with data {callback_data!r}")
        query_id = self.state.new_query_id()
        query: JSON = {
            "id": query_id,
            "from": self.state.users[user_id],
            "message": self.state.message_json(msg),
            "chat_instance": str(-abs(user_id) * 7919),
            "data": callback_data,
        }
        self.state.open_queries[query_id] = query
        self.state.push_update("callback_query", query)
        return query_id

    def user_blocks_bot(self, user_id: int) -> None:
        """Block the bot: sends now fail with 403 and a my_chat_member update is delivered."""
        self.state.ensure_user(user_id)
        self.state.blocked.add(user_id)
        self._member_update(user_id, "member", "kicked")

    def user_unblocks_bot(self, user_id: int) -> None:
        """Unblock (restart) the bot."""
        self.state.ensure_user(user_id)
        self.state.blocked.discard(user_id)
        self._member_update(user_id, "kicked", "member")

    def _member_update(self, user_id: int, old: str, new: str) -> None:
        def member(status: str) -> JSON:
            data: JSON = {"user": self.state.bot_user, "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self.state.push_update(
            "my_chat_member",
            {
                "chat": self.state.chat_json(user_id),
                "from": self.state.users[user_id],
                "date": now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    # -- observing the bot -----------------------------------------------------------------
    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in this chat, oldest first (deleted ones flagged, not removed)."""
        return list(self.state.bot_messages.get(chat_id, []))

    def drafts(self, chat_id: int) -> list[Draft]:
        """sendMessageDraft calls for this chat, in order."""
        return list(self.state.drafts.get(chat_id, []))

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """All answerCallbackQuery calls, in order."""
        return self.state.callback_answers

    @property
    def request_counts(self) -> Counter[str]:
        """Requests per Bot API method name (as the client spelled it)."""
        return self.state.request_counts

    @property
    def rate_limited_count(self) -> int:
        """How many 429 replies were returned."""
        return self.state.rate_limited_count

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        """sendChatAction calls as (chat_id, action)."""
        return self.state.chat_actions

    # -- knobs -----------------------------------------------------------------------------
    def set_rate_limits(self, limits: RateLimits | None) -> None:
        """Turn flood control on (with these budgets) or off (None)."""
        self.state.limiter.configure(limits)

    @property
    def faults(self) -> FaultInjector:
        """Queued injected failures."""
        return self.state.faults

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        """Make the next `count` calls of `method` fail with this Telegram error."""
        self.state.faults.add(method, error_code, description, retry_after, count)

    # -- waiting ---------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Return the predicate's first truthy value, re-checking after every state change."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s")
            await self.state.wait_change(remaining)
            if self.state.closing:
                await asyncio.sleep(0)

    async def wait_for_message(
        self,
        chat_id: int,
        contains: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        after_message_id: int = 0,
    ) -> SentMessage:
        """Newest live bot message in the chat (newer than after_message_id) containing text."""

        def find() -> SentMessage | None:
            for msg in reversed(self.state.bot_messages.get(chat_id, [])):
                if msg.message_id <= after_message_id:
                    break
                if not msg.deleted and (contains is None or contains in msg.content):
                    return msg
            return None

        try:
            return await self.wait_for(find, timeout)
        except TimeoutError:
            seen = [m.content[:80] for m in self.state.bot_messages.get(chat_id, [])]
            raise TimeoutError(
                f"no bot message containing {contains!r} in chat {chat_id} within {timeout}s; "
                f"bot messages: {seen}"
            ) from None
