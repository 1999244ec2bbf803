"""The terminal chat as a first-time user meets it: its own user, pastes as one message,
button pop-ups shown inline. Driven through run_chat with scripted input."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.cli import _parser
from playground import demo
from playground.bot_api import BotApiEmulator
from playground.chat import CHAT_USER_ID, PASTE_WINDOW_S, run_chat
from tests.playground.conftest import running
from tests.playground.test_ptb_roundtrip import USER, build

Step = tuple[str, Callable[[], Awaitable[object]] | None]


def scripted(steps: list[Step]) -> Callable[[str], Awaitable[str]]:
    """Each step is a line and what to await before it is 'typed' (None: at once, as in a
    paste); an await that depends on the bot's reply to earlier lines models a human."""

    async def input_fn(prompt: str) -> str:
        if not steps:
            raise EOFError
        line, before = steps.pop(0)
        if before is not None:
            await before()
        return line

    return input_fn


def texts_from(emulator: BotApiEmulator, user_id: int) -> list[str]:
    """What the user sent, in order."""
    return [
        m["text"]
        for (chat, _), m in sorted(emulator.state.user_messages.items())
        if chat == user_id and "text" in m
    ]


async def test_paste_block_arrives_as_one_message(
    emulator: BotApiEmulator, make_app: Callable[[], Application]
) -> None:
    block = "Alex Rivera\n\n  Senior Engineer\n/press 2\nBerlin"

    async def echoed() -> object:
        return await emulator.wait_for_message(USER, contains="echo: Alex")

    async def typed_slowly() -> None:  # slower than a paste: only /end may send the block
        await asyncio.sleep(PASTE_WINDOW_S * 1.5)

    steps: list[Step] = [
        ("/paste", None),
        *[(line, typed_slowly) for line in block.split("\n")],
        ("/end", None),
        ("/quit", echoed),
    ]
    out = io.StringIO()
    async with running(build(make_app)):
        await run_chat(emulator, USER, input_fn=scripted(steps), output=out)
    assert texts_from(emulator, USER) == [block]
    assert "(sent 5 lines, 46 characters, as one message)" in out.getvalue()


async def test_burst_of_lines_is_one_message_and_typing_is_not(
    emulator: BotApiEmulator, make_app: Callable[[], Application]
) -> None:
    async def after(text: str) -> object:
        return await emulator.wait_for_message(USER, contains=f"echo: {text}")

    steps: list[Step] = [
        ("Data Analyst — Nordlicht GmbH", None),
        ("Munich, hybrid", None),
        ("", None),
        ("Requirements: SQL, Python", None),
        ("thanks", lambda: after("Data Analyst")),  # typed after the reply: its own message
        ("/quit", lambda: after("thanks")),
    ]
    out = io.StringIO()
    async with running(build(make_app)):
        await run_chat(emulator, USER, input_fn=scripted(steps), output=out)
    assert texts_from(emulator, USER) == [
        "Data Analyst — Nordlicht GmbH\nMunich, hybrid\n\nRequirements: SQL, Python",
        "thanks",
    ]


async def test_long_paste_is_split_like_a_telegram_client(emulator: BotApiEmulator) -> None:
    lines = [f"{i:03d} " + "x" * 95 for i in range(60)]  # 60 x 100 chars: over 4096

    async def both_parts() -> object:
        return await emulator.wait_for(lambda: len(texts_from(emulator, USER)) >= 2)

    steps: list[Step] = [*[(line, None) for line in lines], ("/quit", both_parts)]
    out = io.StringIO()
    await run_chat(emulator, USER, input_fn=scripted(steps), output=out)
    sent = texts_from(emulator, USER)
    assert len(sent) == 2 and all(len(part) <= 4096 for part in sent)
    assert "\n".join(sent) == "\n".join(lines)
    assert "so it arrives as 2 messages" in out.getvalue()


async def _menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "pick",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Save", callback_data="save")],
             [InlineKeyboardButton("Delete", callback_data="delete")],
             [InlineKeyboardButton("Quiet", callback_data="quiet")]]
        ),
    )  # fmt: skip


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    if query.data == "save":
        await query.answer("Saved")
    elif query.data == "delete":
        await query.answer("Really delete? Use /delete_me", show_alert=True)
    else:
        await query.answer()


async def test_button_pop_ups_are_printed_inline(
    emulator: BotApiEmulator, make_app: Callable[[], Application]
) -> None:
    app = make_app()
    app.add_handler(CommandHandler("start", _menu))
    app.add_handler(CallbackQueryHandler(_answer))

    def answers(n: int) -> Callable[[], Awaitable[object]]:
        return lambda: emulator.wait_for(lambda: len(emulator.callback_answers) >= n)

    steps: list[Step] = [
        ("/start", None),
        ("1", lambda: emulator.wait_for_message(USER, contains="pick")),
        ("/press 2", answers(1)),
        ("3", answers(2)),
        ("/quit", answers(3)),
    ]
    out = io.StringIO()
    async with running(app):
        await run_chat(emulator, USER, input_fn=scripted(steps), output=out)
    text = out.getvalue()
    assert "  [pop-up] Saved\n" in text
    assert "  [alert] Really delete? Use /delete_me\n" in text
    assert text.count("  [pop-up]") + text.count("  [alert]") == 2  # a silent answer shows nothing


async def test_chat_is_its_own_user_and_says_how_to_start_over(emulator: BotApiEmulator) -> None:
    assert CHAT_USER_ID != demo.USER_ID
    assert _parser().parse_args(["chat"]).user_id == CHAT_USER_ID
    assert _parser().parse_args(["chat", "--user-id", "7"]).user_id == 7
    out = io.StringIO()
    await run_chat(emulator, input_fn=scripted([("hi", None)]), output=out)  # EOF after "hi"
    banner = out.getvalue()
    assert f"Telegram user {CHAT_USER_ID}" in banner and "not the demo's" in banner
    assert "/delete_me" in banner and "--user-id" in banner and "/paste" in banner
    assert texts_from(emulator, CHAT_USER_ID) == ["hi"]
    assert texts_from(emulator, demo.USER_ID) == []
