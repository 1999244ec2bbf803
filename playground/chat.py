"""Interactive terminal chat with the bot through the emulator: type as a user, watch replies."""

from __future__ import annotations

import asyncio
import inspect
import mimetypes
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from playground.bot_api import BotApiEmulator
from playground.bot_api_format import TEXT_LIMIT, split_like_client
from playground.bot_api_models import JSON, CallbackAnswer, SentMessage

InputFn = Callable[[str], "Awaitable[str] | str"]

# The chat's own Telegram user: the demo (playground/demo.py) is 1001 and resets that user on
# every run, so the chat starts clean and the demo never wipes what was typed here.
# bot/cli.py uses the same number as the default of `chat --user-id`.
CHAT_USER_ID = 2002
# Lines arriving closer together than this are one paste; typing is far slower.
PASTE_WINDOW_S = 0.05

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


def render_callback_answer(answer: CallbackAnswer) -> str | None:
    """A button's answer as Telegram shows it: a toast ('[pop-up]') or a modal ('[alert]')."""
    lines = []
    if answer.text:
        lines.append(f"  [{'alert' if answer.show_alert else 'pop-up'}] {answer.text}")
    if answer.url:
        lines.append(f"  [opens] {answer.url}")
    return "\n".join(lines) or None


def latest_with_buttons(messages: list[SentMessage]) -> SentMessage | None:
    """The message `/press N` refers to."""
    return next((m for m in reversed(messages) if m.buttons and not m.deleted), None)


def banner(user_id: int, first_name: str) -> str:
    """What the chat prints first: who you are, how to start over, how input is read."""
    return (
        f'Chatting with the bot as Telegram user {user_id} ("{first_name}"), not the demo\'s '
        "user, so the demo's resume and jobs are not here. Send /start to begin.\n"
        "Your data stays between runs. To start over: send /delete_me and confirm, or run "
        "`scripts/start chat --user-id N` with another number.\n"
        "Enter sends a line. Buttons: /press N (or just N). Files: /upload PATH. Quit: /quit.\n"
        f"Multi-line text: lines arriving within {PASTE_WINDOW_S * 1000:.0f} ms of each other "
        "(a paste) go as ONE message; or type /paste, then the text, then /end on its own line. "
        "A paste without a final line break keeps its last line until you press Enter: use "
        "/paste … /end for long texts.\n"
        "Button answers show as [pop-up] (toast) and [alert]."
    )


class _StdinLines:
    """Reads stdin on a daemon thread: a pending read never holds up exit (a thread blocked in
    input() would), and a paste's lines, already buffered, arrive back to back."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[str | None] | None = None

    def _start(self) -> asyncio.Queue[str | None]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str | None] = asyncio.Queue()

        def pump() -> None:
            try:
                for line in iter(sys.stdin.readline, ""):
                    loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\r\n"))
                loop.call_soon_threadsafe(queue.put_nowait, None)
            except RuntimeError:  # the event loop is closed: the chat is over
                pass

        threading.Thread(target=pump, name="chat-stdin", daemon=True).start()
        return queue

    async def __call__(self, prompt: str) -> str:
        if self._queue is None:
            self._queue = self._start()
        try:  # no prompt between the lines of a paste, nor before a burst's notes
            line = await asyncio.wait_for(self._queue.get(), PASTE_WINDOW_S * 2)
        except TimeoutError:
            print(prompt, end="", flush=True)
            line = await self._queue.get()
        if line is None:
            self._queue.put_nowait(None)  # EOF stays EOF
            raise EOFError
        return line


_default_input = _StdinLines()


class _LineReader:
    """Groups input lines into bursts: each next line that arrives within `window` seconds
    joins the burst. A read that misses the window is kept, never cancelled, and becomes the
    first line of the next burst, so no line is lost. A synchronous input function gives no
    timing, so each of its lines is a burst of its own."""

    def __init__(self, input_fn: InputFn, window: float) -> None:
        self._input_fn, self._window = input_fn, window
        self._pending: asyncio.Future[str] | None = None
        self._sync = False

    def _read(self, prompt: str) -> asyncio.Future[str]:
        if self._pending is None:
            future: asyncio.Future[str]
            try:
                line = self._input_fn(prompt)
            except EOFError as exc:
                future = asyncio.get_running_loop().create_future()
                future.set_exception(exc)
            else:
                if inspect.isawaitable(line):
                    future = asyncio.ensure_future(line)
                else:
                    self._sync = True
                    future = asyncio.get_running_loop().create_future()
                    future.set_result(line)
            self._pending = future
        return self._pending

    async def burst(self, prompt: str) -> list[str]:
        """The next line and every line right behind it; EOFError when input has ended."""
        first = self._read(prompt)
        try:
            lines = [await first]
        finally:
            self._pending = None
        while not self._sync and self._window > 0:
            nxt = self._read(prompt)
            done, _ = await asyncio.wait((nxt,), timeout=self._window)
            if not done or nxt.exception() is not None:
                break  # typed later (or EOF): the next burst starts with it
            lines.append(nxt.result())
            self._pending = None
        return lines

    async def close(self) -> None:
        if self._pending is not None and not self._pending.done():
            self._pending.cancel()
            await asyncio.gather(self._pending, return_exceptions=True)
        self._pending = None


Action = tuple[Literal["typed", "send", "note"], str]


@dataclass
class _Composer:
    """Turns bursts into actions: one typed line (a command or a message), a paste or a
    /paste … /end block sent as one message, or a note for the terminal."""

    block: list[str] | None = None  # lines collected since /paste
    actions: list[Action] = field(default_factory=list)

    def feed(self, lines: list[str]) -> list[Action]:
        self.actions = []
        if self.block is None and len(lines) == 1:
            self._typed(lines[0].strip())
            return self.actions
        loose: list[str] = []
        for line in lines:
            if self.block is not None:
                if line.strip() == "/end":
                    self._send(self.block, block=True)
                    self.block = None
                else:
                    self.block.append(line)
            elif line.strip() == "/paste":
                self._send(loose)
                loose = []
                self.block = []
            else:
                loose.append(line)
        self._send(loose)
        return self.actions

    def finish(self) -> list[Action]:
        """Input ended: an open block is sent as if /end had been typed."""
        self.actions = []
        if self.block is not None:
            self._send(self.block, block=True)
            self.block = None
        return self.actions

    def _typed(self, text: str) -> None:
        if text == "/paste":
            self.block = []
            self.actions.append(("note", "  (collecting: /end on its own line sends it)"))
        elif text == "/end":
            self.actions.append(("note", "!! /end without /paste"))
        elif text:
            self.actions.append(("typed", text))

    def _send(self, lines: list[str], *, block: bool = False) -> None:
        text = "\n".join(lines).strip()
        if text:
            self.actions.append(("send", text))
        elif block:
            self.actions.append(("note", "!! nothing collected; nothing sent"))


class _Printer:
    """Prints each new message once and re-prints it when edited or deleted; prints the
    answers to this chat's button presses (toasts and alerts)."""

    def __init__(self, emulator: BotApiEmulator, chat_id: int, output: TextIO) -> None:
        self.emulator, self.chat_id, self.output = emulator, chat_id, output
        self.seen: dict[int, tuple[int, bool]] = {}
        self.queries: set[str] = set()  # callback query ids of our presses
        self.answers_seen = len(emulator.callback_answers)

    def flush(self) -> None:
        for msg in self.emulator.messages(self.chat_id):
            state = (len(msg.edits), msg.deleted)
            if self.seen.get(msg.message_id) != state:
                self.seen[msg.message_id] = state
                print(render_message(msg), file=self.output, flush=True)
        answers = self.emulator.callback_answers
        for answer in answers[self.answers_seen :]:
            shown = render_callback_answer(answer)
            if answer.callback_query_id in self.queries and shown:
                print(shown, file=self.output, flush=True)
        self.answers_seen = len(answers)

    async def watch(self) -> None:
        while not self.emulator.state.closing:
            await self.emulator.state.wait_change(1.0)
            self.flush()


async def run_chat(
    emulator: BotApiEmulator,
    user_id: int = CHAT_USER_ID,
    *,
    input_fn: InputFn = _default_input,
    output: TextIO = sys.stdout,
    first_name: str = "You",
    paste_window_s: float = PASTE_WINDOW_S,
) -> None:
    """Chat loop: text goes to the bot; /press N, bare N, /upload PATH, /paste … /end and
    /quit are local; a burst of lines (a paste) is sent as one message."""
    printer = _Printer(emulator, user_id, output)
    printer.seen = {m.message_id: (len(m.edits), m.deleted) for m in emulator.messages(user_id)}
    watcher = asyncio.create_task(printer.watch())
    reader = _LineReader(input_fn, paste_window_s)
    composer = _Composer()
    print(banner(user_id, first_name), file=output, flush=True)
    try:
        while True:
            try:
                lines = await reader.burst("> ")
            except EOFError:
                _act(emulator, user_id, composer.finish(), first_name, printer)
                break
            printer.flush()
            if not _act(emulator, user_id, composer.feed(lines), first_name, printer):
                break
            await asyncio.sleep(0)
    finally:
        await reader.close()
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        printer.flush()


def _act(
    emulator: BotApiEmulator, user_id: int, actions: list[Action], name: str, printer: _Printer
) -> bool:
    """Carry out the actions; False when the user quits."""
    out = printer.output
    for kind, text in actions:
        if kind == "note":
            print(text, file=out, flush=True)
        elif kind == "send":
            emulator.user_sends_text(user_id, text, first_name=name)
            lines, parts = text.count("\n") + 1, len(split_like_client(text))
            size = f"{lines} line{'s' * (lines != 1)}, {len(text):,} characters"
            note = f"  (sent {size}, as one message"
            if parts > 1:
                note += f"; over {TEXT_LIMIT} characters, so it arrives as {parts} messages"
            print(note + ")", file=out, flush=True)
        elif text in ("/quit", "/exit"):
            return False
        else:
            _handle(emulator, user_id, text, name, printer)
    return True


def _handle(
    emulator: BotApiEmulator, user_id: int, text: str, name: str, printer: _Printer
) -> None:
    output = printer.output
    latest = latest_with_buttons(emulator.messages(user_id))
    number = text.removeprefix("/press").strip()
    if text.startswith("/press") or (text.isdigit() and latest is not None):
        query_id = _press(emulator, user_id, latest, number, output)
        if query_id is not None:
            printer.queries.add(query_id)
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
) -> str | None:
    if latest is None:
        print("!! no message with buttons", file=out, flush=True)
        return None
    buttons = latest.buttons
    if not number.isdigit() or not 1 <= int(number) <= len(buttons):
        print(f"!! choose 1..{len(buttons)}: {render_buttons(latest)}", file=out, flush=True)
        return None
    button = buttons[int(number) - 1]
    if button.callback_data is None:
        print(f"-> opens {button.url}", file=out, flush=True)
        return None
    return emulator.user_presses_button(user_id, latest.message_id, button.callback_data)


async def main() -> None:
    """Standalone: start an emulator and print how to point the bot at it, then chat."""
    async with BotApiEmulator() as emulator:
        print(f"Bot API emulator at {emulator.url} (token {emulator.token})")
        print(
            f'Point PTB at it: .base_url("{emulator.url}/bot")'
            f'.base_file_url("{emulator.url}/file/bot")'
        )
        await run_chat(emulator, user_id=CHAT_USER_ID)


if __name__ == "__main__":
    asyncio.run(main())
