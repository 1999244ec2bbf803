"""The real PTB Application, polling the emulator: messages, commands, buttons, documents."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from playground.bot_api import BotApiEmulator
from tests.playground.conftest import running

USER = 4242


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Research", callback_data="research")],
         [InlineKeyboardButton("Optimize resume", callback_data="optimize")]]
    )  # fmt: skip
    await update.effective_message.reply_text(
        "<b>Welcome</b>, pick one", parse_mode="HTML", reply_markup=keyboard
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text(f"chose {query.data}")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    file = await message.document.get_file()
    data = await file.download_as_bytearray()
    await message.reply_document(bytes(data[::-1]), filename="reversed.bin", caption="done")


def build(make_app: Callable[[], Application]) -> Application:
    app = make_app()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


async def test_echo_text(emulator: BotApiEmulator, make_app: Callable[[], Application]) -> None:
    async with running(build(make_app)):
        emulator.user_sends_text(USER, "hello there")
        msg = await emulator.wait_for_message(USER, contains="echo:")
    assert msg.text == "echo: hello there"
    assert emulator.request_counts["getUpdates"] >= 1


async def test_command_and_button_roundtrip(
    emulator: BotApiEmulator, make_app: Callable[[], Application]
) -> None:
    async with running(build(make_app)):
        emulator.user_sends_text(USER, "/start")
        menu = await emulator.wait_for_message(USER, contains="Welcome")
        assert menu.text == "Welcome, pick one"
        assert menu.entities == [{"type": "bold", "offset": 0, "length": 7}]
        assert [(b.text, b.callback_data) for b in menu.buttons] == [
            ("Research", "research"),
            ("Optimize resume", "optimize"),
        ]
        query_id = emulator.user_presses_button(USER, menu.message_id, "optimize")
        await emulator.wait_for(lambda: menu.text == "chose optimize")
    assert menu.edited and menu.edits[0].text == "Welcome, pick one"
    assert menu.buttons == []  # editMessageText without reply_markup drops the keyboard
    assert [(a.callback_query_id, a.text) for a in emulator.callback_answers] == [(query_id, "ok")]


async def test_document_upload_and_download(
    emulator: BotApiEmulator, make_app: Callable[[], Application]
) -> None:
    payload = bytes(range(256)) * 40
    async with running(build(make_app)):
        emulator.user_sends_document(USER, "cv.pdf", payload, "application/pdf")
        reply = await emulator.wait_for_message(USER, contains="done")
    assert reply.document is not None
    assert reply.document.filename == "reversed.bin"
    assert reply.document.data == payload[::-1]


async def test_many_updates_are_all_processed(
    emulator: BotApiEmulator, make_app: Callable[[], Application]
) -> None:
    async with running(build(make_app)):
        for i in range(200):
            emulator.user_sends_text(1000 + i, f"m{i}")
        await emulator.wait_for(
            lambda: sum(len(emulator.messages(1000 + i)) for i in range(200)) == 200, timeout=20
        )
    assert emulator.messages(1199)[0].text == "echo: m199"
