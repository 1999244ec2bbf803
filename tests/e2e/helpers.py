"""A simulated Telegram user: send, upload, wait for a reply, press a button by its label."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from uuid import UUID

from playground.bot_api import BotApiEmulator
from playground.bot_api_models import CallbackAnswer, SentMessage
from storage.database import Database

WAIT_S = 15.0
# Telegram ids unique per test run and per user, so tests sharing the session DB never collide.
_ids = itertools.count(7_000_000_000 + (os.getpid() % 100_000) * 1_000)


def new_telegram_id() -> int:
    """A fresh Telegram user id (private chat id) for this test session."""
    return next(_ids)


@dataclass
class ChatUser:
    """One person in the Telegram app, talking to the bot through the emulator."""

    emulator: BotApiEmulator
    db: Database
    telegram_id: int
    name: str = "Alex"

    def mark(self) -> int:
        """The newest message id in the chat; pass to wait(after=) to see only newer replies."""
        messages = self.emulator.messages(self.telegram_id)
        return max((m.message_id for m in messages), default=0)

    def send(self, text: str) -> int:
        """Type a message; returns a mark to wait for replies after it."""
        mark = self.mark()
        self.emulator.user_sends_text(self.telegram_id, text, first_name=self.name)
        return mark

    def upload(self, filename: str, data: bytes, mime: str, *, file_size: int | None = None) -> int:
        """Upload a document; returns a mark to wait for replies after it."""
        mark = self.mark()
        self.emulator.user_sends_document(
            self.telegram_id, filename, data, mime, file_size=file_size, first_name=self.name
        )
        return mark

    async def wait(
        self,
        contains: str,
        *,
        after: int = 0,
        timeout: float = WAIT_S,  # noqa: ASYNC109
    ) -> SentMessage:
        """The newest bot message (newer than `after`) containing `contains`."""
        return await self.emulator.wait_for_message(
            self.telegram_id, contains=contains, timeout=timeout, after_message_id=after
        )

    async def wait_edit(
        self,
        message_id: int,
        contains: str,
        timeout: float = WAIT_S,  # noqa: ASYNC109
    ) -> SentMessage:
        """Wait until a given message (e.g. a card) is edited to contain `contains`."""

        def edited() -> SentMessage | None:
            for msg in self.emulator.messages(self.telegram_id):
                if msg.message_id == message_id and contains in msg.content:
                    return msg
            return None

        return await self.emulator.wait_for(edited, timeout)

    def press(self, message: SentMessage, label: str) -> str:
        """Tap the first button whose label contains `label`; returns the callback query id."""
        fresh = self._current(message)
        for button in fresh.buttons:
            if label in button.text and button.callback_data:
                return self.emulator.user_presses_button(
                    self.telegram_id, fresh.message_id, button.callback_data
                )
        labels = [b.text for b in fresh.buttons]
        raise LookupError(f"no button {label!r} on message {fresh.message_id}: {labels}")

    def button_data(self, message: SentMessage, label: str) -> str:
        """The callback data behind a button label (to replay or forge it later)."""
        for button in self._current(message).buttons:
            if label in button.text and button.callback_data:
                return button.callback_data
        raise LookupError(f"no button {label!r}")

    def press_data(self, message_id: int, data: str, *, forge: bool = True) -> str:
        """Send arbitrary callback data from a message of this chat (a forged button)."""
        return self.emulator.user_presses_button(self.telegram_id, message_id, data, forge=forge)

    async def answer(self, query_id: str, timeout: float = WAIT_S) -> CallbackAnswer:  # noqa: ASYNC109
        """The bot's answerCallbackQuery for this press (the toast/alert the user sees)."""

        def find() -> CallbackAnswer | None:
            for a in self.emulator.callback_answers:
                if a.callback_query_id == query_id:
                    return a
            return None

        return await self.emulator.wait_for(find, timeout)

    def _current(self, message: SentMessage) -> SentMessage:
        for msg in self.emulator.messages(self.telegram_id):
            if msg.message_id == message.message_id:
                return msg
        return message

    def texts(self) -> list[str]:
        """Everything the bot showed in this chat (current text of every message)."""
        return [m.content for m in self.emulator.messages(self.telegram_id)]

    async def user_uuid(self) -> UUID | None:
        """The bot's database id for this person (None once they deleted their data)."""
        async with self.db.system() as system:
            return await system.find_user(self.telegram_id)


def button_labels(message: SentMessage) -> list[str]:
    """Labels of a message's inline buttons, in reading order."""
    return [b.text for b in message.buttons]
