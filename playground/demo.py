"""A scripted walk-through printed as a conversation: what a first-time user would do."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from playground.bot_api import BotApiEmulator
from playground.bot_api_models import SentMessage
from playground.chat import render_message
from playground.session import PlaygroundSession, playground

SAMPLES = Path(__file__).resolve().parent / "samples"
USER_ID = 1001
STEP_TIMEOUT_S = 120.0


class Transcript:
    def __init__(self, emulator: BotApiEmulator, out: TextIO) -> None:
        self._emu = emulator
        self._out = out
        self._printed = 0

    def say(self, text: str) -> None:
        shown = text if len(text) < 300 else text[:280] + f"… [{len(text):,} characters]"
        self._out.write(f"\n👤 you: {shown}\n")

    def flush(self) -> None:
        messages = self._emu.messages(USER_ID)
        for message in messages[self._printed :]:
            self._out.write("\n🤖 bot:\n" + _indent(render_message(message)) + "\n")
        self._printed = len(messages)
        self._out.flush()

    async def wait_for_edit(self, message_id: int, contains: str) -> SentMessage:
        """Wait until a message already shown (the living card) is edited to contain text,
        then show what arrived meanwhile and the card as it now reads."""

        def edited() -> SentMessage | None:
            return next(
                (
                    m
                    for m in self._emu.messages(USER_ID)
                    if m.message_id == message_id and contains in m.content
                ),
                None,
            )

        message = await self._emu.wait_for(edited, timeout=STEP_TIMEOUT_S)
        self.flush()
        card = _indent(render_message(message))
        self._out.write(f"\n🤖 bot (the card, edited in place):\n{card}\n")
        return message

    async def wait(self, contains: str) -> SentMessage:
        message = await self._emu.wait_for(
            lambda: _find(self._emu.messages(USER_ID), contains, self._printed),
            timeout=STEP_TIMEOUT_S,
        )
        self.flush()
        return message


def _find(messages: list[SentMessage], contains: str, start: int) -> SentMessage | None:
    for message in messages[start:]:
        if contains in message.content:
            return message
    return None


def _indent(text: str) -> str:
    return "\n".join("   " + line for line in text.splitlines())


def _button(message: SentMessage, label: str) -> str:
    for button in message.buttons:
        if label in button.text and button.callback_data:
            return button.callback_data
    raise LookupError(f"no button {label!r} on message {message.message_id}")


async def _reset_demo_user(session: PlaygroundSession) -> None:
    """Data persists between runs; the demo starts from a new user every time."""
    db = session.core.db
    async with db.system() as system:
        previous = await system.find_user(USER_ID)
    if previous is not None:
        async with db.as_user(previous) as uow:
            await uow.users.delete_me()


async def run_demo(settings: Settings, bot_db_url: str, out: TextIO = sys.stdout) -> None:
    async with playground(settings, bot_db_url) as session:
        await _reset_demo_user(session)
        emu = session.emulator
        t = Transcript(emu, out)
        out.write(
            f"JobForge demo — the real bot against a local Bot API emulator at {emu.url}\n"
            f"engine: {session.core.engine.name}\n"
        )
        t.say("/start")
        emu.user_sends_text(USER_ID, "/start", first_name="Alex")
        await t.wait("resume")

        resume = (SAMPLES / "resume.md").read_text()
        t.say(resume)
        emu.user_sends_text(USER_ID, resume, first_name="Alex")
        await t.wait("Saved")

        posting = (SAMPLES / "posting_backend.txt").read_text()
        t.say(posting)
        emu.user_sends_text(USER_ID, posting, first_name="Alex")
        card = await t.wait("Match rate")

        t.say("[taps ⚡ Generate all]")
        emu.user_presses_button(USER_ID, card.message_id, _button(card, "Generate all"))
        # The card is edited in place while the steps run; the documents arrive on their own.
        await t.wait_for_edit(card.message_id, "Cover letter ready")

        second = (SAMPLES / "posting_platform.txt").read_text()
        t.say(second)
        emu.user_sends_text(USER_ID, second, first_name="Alex")
        card2 = await t.wait("Globex")

        t.say("[taps 🔗 Similar jobs]")
        for _ in range(50):  # the posting is embedded in the background; wait for it
            emu.user_presses_button(USER_ID, card2.message_id, _button(card2, "Similar jobs"))
            try:
                await emu.wait_for(
                    lambda: _find(emu.messages(USER_ID), "Jobs like this one", 0), timeout=0.5
                )
                break
            except TimeoutError:
                continue
        t.flush()

        t.say("/search kubernetes")
        emu.user_sends_text(USER_ID, "/search kubernetes", first_name="Alex")
        await t.wait("Results for")

        out.write(
            "\n— Demo finished. —\n"
            "Chat with the bot yourself:  scripts/start chat\n"
            "Connect a real bot:          TELEGRAM_BOT_TOKEN=123:ABC scripts/start run\n"
            "Use a model:                 OPENAI_API_KEY=sk-... (and OPENAI_BASE_URL for "
            "Ollama/vLLM)\n"
        )
