"""The terminal chat renders bot messages and presses buttons by number, without a TTY."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

from telegram.ext import Application

from playground.bot_api import BotApiEmulator
from playground.bot_api_models import SentMessage
from playground.bot_api_state import EmulatorState
from playground.chat import render_message, run_chat
from tests.playground.conftest import running
from tests.playground.test_ptb_roundtrip import USER, build


def test_render_message_with_buttons_and_entities() -> None:
    msg = SentMessage(
        chat_id=1,
        message_id=3,
        date=0,
        text="Hi 🙂 there docs",
        entities=[
            {"type": "bold", "offset": 0, "length": 2},
            {"type": "text_link", "offset": 12, "length": 4, "url": "https://x.org"},
        ],
        reply_markup={
            "inline_keyboard": [
                [{"text": "Research", "callback_data": "r"}],
                [{"text": "Optimize resume", "callback_data": "o"}],
            ]
        },
    )
    assert render_message(msg) == (
        "bot: *Hi* 🙂 there docs (https://x.org)\n     [1] Research  [2] Optimize resume"
    )


async def test_run_chat_press_and_upload(
    emulator: BotApiEmulator, make_app: Callable[[], Application], tmp_path: Path
) -> None:
    upload = tmp_path / "cv.txt"
    upload.write_bytes(b"abc")
    out = io.StringIO()

    lines = ["/start", "2", "/upload " + str(upload), "hello", "/quit"]

    async def scripted_input(prompt: str) -> str:
        line = lines.pop(0)
        if line == "2":
            await emulator.wait_for_message(USER, contains="Welcome")
        elif line.startswith("/upload"):
            await emulator.wait_for_message(USER, contains="chose optimize")
        elif line == "hello":
            await emulator.wait_for_message(USER, contains="done")
        elif line == "/quit":
            await emulator.wait_for_message(USER, contains="echo: hello")
        return line

    async with running(build(make_app)):
        await run_chat(emulator, USER, input_fn=scripted_input, output=out)
    text = out.getvalue()
    assert "bot: *Welcome*, pick one\n     [1] Research  [2] Optimize resume" in text
    assert "bot: chose optimize (edited)" in text
    assert "[file] reversed.bin (3 bytes)" in text
    assert "bot: echo: hello" in text


async def test_cancelled_watcher_stops_even_when_a_change_lands_at_once() -> None:
    """run_chat cancels its watcher; a change in the same loop tick must not swallow that."""
    state = EmulatorState("1:T")
    waiter = asyncio.create_task(state.wait_change(5.0))
    await asyncio.sleep(0)
    state.changed()
    waiter.cancel()
    done, _ = await asyncio.wait((waiter,), timeout=2.0)
    assert done, "cancelled wait_change kept running"
    assert waiter.cancelled()
