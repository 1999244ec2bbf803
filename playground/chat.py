"""Interactive terminal chat with the bot through the emulator: type as a user, watch replies."""

from __future__ import annotations

import asyncio
import inspect
import mimetypes
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from playground.bot_api import BotApiEmulator
from playground.bot_api_models import JSON, SentMessage

InputFn = Callable[[str], "Awaitable[str] | str"]

_MARKS = {
    "bold": ("*", "*"),
    "italic": ("_", "_"),
    "code": ("`", "`"),
    "pre": ("```\n", "\n```"),
    "strikethrough": ("~", "~"),
    "spoiler": ("||", "||"),
}


def render_entities(text: str, entities: list[JSON]) -> str:
    """Plain-terminal rendering: *bold*, _italic_, `code`, links as 'text (url)'."""
    units = text.encode("utf-16-le")
    inserts: dict[int, list[str]] = {}
    for e in entities:
        start, end = e["offset"], e["offset"] + e["length"]
        if e["type"] == "text_link":
            before, after = "", f" ({e.get('url', '')})"
        elif e["type"] in _MARKS:
            before, after = _MARKS[e["type"]]
        else:
            continue
        inserts.setdefault(start, []).append(before)
        inserts.setdefault(end, []).insert(0, after)
    out: list[str] = []
    last = 0
    for pos in sorted(inserts):
        out.append(units[2 * last : 2 * pos].decode("utf-16-le"))
        out.append("".join(inserts[pos]))
        last = pos
    out.append(units[2 * last :].decode("utf-16-le"))
    return "".join(out)


def render_buttons(msg: SentMessage) -> str:
    """Buttons numbered in reading order: '[1] Research  [2] Optimize resume'."""
    return "  ".join(f"[{i}] {b.text}" for i, b in enumerate(msg.buttons, start=1))


def render_message(msg: SentMessage) -> str:
    """One bot message as terminal text, with edit/delete markers, documents and buttons."""
    body = render_entities(msg.content, msg.entities)
    if msg.deleted:
        return f"bot: (deleted) {body}".rstrip()
    lines = [f"bot: {body}" + (" (edited)" if msg.edited else "")]
    lines += [f"     [file] {d.filename} ({len(d.data)} bytes)" for d in msg.documents]
    if msg.buttons:
        lines.append(f"     {render_buttons(msg)}")
    return "\n".join(lines)


def latest_with_buttons(messages: list[SentMessage]) -> SentMessage | None:
    """The message `/press N` refers to."""
    return next((m for m in reversed(messages) if m.buttons and not m.deleted), None)


async def _default_input(prompt: str) -> str:
    return await asyncio.to_thread(input, prompt)


class _Printer:
    """Prints each new message once and re-prints it when edited or deleted."""

    def __init__(self, emulator: BotApiEmulator, chat_id: int, output: TextIO) -> None:
        self.emulator, self.chat_id, self.output = emulator, chat_id, output
        self.seen: dict[int, tuple[int, bool]] = {}

    def flush(self) -> None:
        for msg in self.emulator.messages(self.chat_id):
            state = (len(msg.edits), msg.deleted)
            if self.seen.get(msg.message_id) != state:
                self.seen[msg.message_id] = state
                print(render_message(msg), file=self.output, flush=True)

    async def watch(self) -> None:
        while not self.emulator.state.closing:
            await self.emulator.state.wait_change(1.0)
            self.flush()


async def run_chat(
    emulator: BotApiEmulator,
    user_id: int,
    *,
    input_fn: InputFn = _default_input,
    output: TextIO = sys.stdout,
    first_name: str = "You",
) -> None:
    """Chat loop: text goes to the bot; /press N, bare N, /upload PATH and /quit are local."""
    printer = _Printer(emulator, user_id, output)
    printer.seen = {m.message_id: (len(m.edits), m.deleted) for m in emulator.messages(user_id)}
    watcher = asyncio.create_task(printer.watch())
    print("Chatting with the bot. /press N, /upload PATH, /quit", file=output, flush=True)
    try:
        while True:
            try:
                line = input_fn("> ")
                text = (await line if inspect.isawaitable(line) else line).strip()
            except EOFError:
                break
            printer.flush()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                break
            _handle(emulator, user_id, text, first_name, output)
            await asyncio.sleep(0)
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        printer.flush()


def _handle(emulator: BotApiEmulator, user_id: int, text: str, name: str, output: TextIO) -> None:
    latest = latest_with_buttons(emulator.messages(user_id))
    number = text.removeprefix("/press").strip()
    if text.startswith("/press") or (text.isdigit() and latest is not None):
        _press(emulator, user_id, latest, number, output)
    elif text.startswith("/upload "):
        path = Path(text.removeprefix("/upload ").strip()).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"!! cannot read {path}: {exc}", file=output, flush=True)
            return
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        emulator.user_sends_document(user_id, path.name, data, mime, first_name=name)
    else:
        emulator.user_sends_text(user_id, text, first_name=name)


def _press(
    emulator: BotApiEmulator, user_id: int, latest: SentMessage | None, number: str, out: TextIO
) -> None:
    if latest is None:
        print("!! no message with buttons", file=out, flush=True)
        return
    buttons = latest.buttons
    if not number.isdigit() or not 1 <= int(number) <= len(buttons):
        print(f"!! choose 1..{len(buttons)}: {render_buttons(latest)}", file=out, flush=True)
        return
    button = buttons[int(number) - 1]
    if button.callback_data is None:
        print(f"-> opens {button.url}", file=out, flush=True)
        return
    emulator.user_presses_button(user_id, latest.message_id, button.callback_data)


async def main() -> None:
    """Standalone: start an emulator and print how to point the bot at it, then chat."""
    async with BotApiEmulator() as emulator:
        print(f"Bot API emulator at {emulator.url} (token {emulator.token})")
        print(
            f'Point PTB at it: .base_url("{emulator.url}/bot")'
            f'.base_file_url("{emulator.url}/file/bot")'
        )
        await run_chat(emulator, user_id=1001)


if __name__ == "__main__":
    asyncio.run(main())
