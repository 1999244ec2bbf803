"""Each Telegram error reply reaches PTB as the exception type and message PTB would see live."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter

from playground.bot_api import BotApiEmulator
from playground.bot_api_models import NOT_MODIFIED, RateLimits

USER = 77


@pytest.fixture
async def chat(emulator: BotApiEmulator) -> int:
    emulator.user_sends_text(USER, "hi")
    return USER


def retry_seconds(exc: RetryAfter) -> float:
    """PTB 22.8 exposes retry_after as int (timedelta when PTB_TIMEDELTA is set)."""
    value = exc.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


def kb(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data=data)]])


async def test_not_modified(bot: Bot, chat: int) -> None:
    msg = await bot.send_message(chat, "same", reply_markup=kb("a"))
    with pytest.raises(BadRequest, match=r"^Message is not modified"):
        await bot.edit_message_text("same", chat, msg.message_id, reply_markup=kb("a"))
    with pytest.raises(BadRequest) as exc:
        await bot.edit_message_reply_markup(chat, msg.message_id, reply_markup=kb("a"))
    assert NOT_MODIFIED.split(":")[1].strip() in exc.value.message


@pytest.mark.parametrize(
    ("text", "mode", "detail"),
    [
        ("<b>bold", "HTML", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<foo>x</foo>", "HTML", 'Unsupported start tag "foo" at byte offset 0'),
        ("1 < 2", "HTML", 'Unsupported start tag "" at byte offset 2'),
        ("Q&A", "HTML", 'Unescaped "&" at byte offset 1'),
    ],
)
async def test_cant_parse_entities(bot: Bot, chat: int, text: str, mode: str, detail: str) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(chat, text, parse_mode=mode)
    assert exc.value.message.startswith("Can't parse entities: ")  # PTB capitalises
    assert detail.lower() in exc.value.message.lower()  # PTB lower-cases the first letter


async def test_valid_markup_is_accepted(bot: Bot, chat: int) -> None:
    html = await bot.send_message(chat, "a &lt; b &amp; <i>c</i>", parse_mode="HTML")
    assert html.text == "a < b & c"
    # The bot sends HTML or entities only: the emulator does not model MarkdownV2.
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(chat, "*Hi*", parse_mode="MarkdownV2")


async def test_length_and_empty(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(chat, "x" * 4097)
    await bot.send_message(chat, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # after parsing
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(chat, b"data", filename="a.txt", caption="c" * 1025)


async def test_button_data_invalid(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(chat, "x", reply_markup=kb("d" * 65))
    await bot.send_message(chat, "x", reply_markup=kb("d" * 64))


async def test_edit_missing_and_delete(bot: Bot, chat: int, emulator: BotApiEmulator) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat, 999)
    msg = await bot.send_message(chat, "bye")
    assert await bot.delete_message(chat, msg.message_id)
    assert emulator.messages(chat)[-1].deleted
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat, msg.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(chat, msg.message_id)


async def test_blocked_user(bot: Bot, chat: int, emulator: BotApiEmulator) -> None:
    emulator.user_blocks_bot(chat)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(chat, "hello?")
    emulator.user_unblocks_bot(chat)
    await bot.send_message(chat, "hello again")


async def test_unknown_chat(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(31337, "who?")


async def test_wrong_token(emulator: BotApiEmulator) -> None:
    wrong = Bot("999:WRONG", base_url=f"{emulator.url}/bot")
    with pytest.raises(InvalidToken):
        await wrong.get_me()


async def test_unknown_method(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound, match="sendTelepathy"):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})


async def test_injected_failure(bot: Bot, chat: int, emulator: BotApiEmulator) -> None:
    emulator.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(chat, "x")
    assert retry_seconds(exc.value) == 7
    await bot.send_message(chat, "x")
    assert emulator.rate_limited_count == 1


async def test_per_chat_rate_limit(bot: Bot, chat: int, emulator: BotApiEmulator) -> None:
    emulator.set_rate_limits(RateLimits(per_chat_per_second=1, per_chat_burst=3))
    for _ in range(3):
        await bot.send_message(chat, "burst")
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(chat, "one too many")
    assert retry_seconds(exc.value) >= 1
    assert emulator.rate_limited_count == 1
    assert len(emulator.messages(chat)) == 3


async def test_global_rate_limit(bot: Bot, emulator: BotApiEmulator) -> None:
    for uid in range(1, 6):
        emulator.user_sends_text(uid, "hi")
    emulator.set_rate_limits(RateLimits(global_per_second=4, global_burst=4))
    sent = 0
    with pytest.raises(RetryAfter):
        for uid in range(1, 6):
            await bot.send_message(uid, "news")
            sent += 1
    assert sent == 4


async def test_draft_and_misc(bot: Bot, chat: int, emulator: BotApiEmulator) -> None:
    assert await bot.send_message_draft(chat, draft_id=5, text="Thinking")
    assert await bot.send_message_draft(
        chat, draft_id=5, text="<b>Thinking more</b>", parse_mode="HTML"
    )
    assert [(d.draft_id, d.text) for d in emulator.drafts(chat)] == [
        (5, "Thinking"),
        (5, "Thinking more"),
    ]
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456
    assert await bot.send_chat_action(chat, "typing")
    assert emulator.chat_actions == [(chat, "typing")]
    from telegram import BotCommand

    assert await bot.set_my_commands([BotCommand("start", "Start")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert await bot.delete_webhook()
    info = await bot.get_webhook_info()
    assert info.url == ""


async def test_big_file_refused(bot: Bot, chat: int, emulator: BotApiEmulator) -> None:
    emulator.user_sends_document(chat, "huge.pdf", b"x", "application/pdf", file_size=21 * 2**20)
    doc = emulator.state.user_messages[(chat, 2)]["document"]
    with pytest.raises(BadRequest, match="File is too big"):
        await bot.get_file(doc["file_id"])


async def test_forged_button(emulator: BotApiEmulator, bot: Bot, chat: int) -> None:
    msg = await bot.send_message(chat, "pick", reply_markup=kb("ok"))
    with pytest.raises(LookupError):
        emulator.user_presses_button(chat, msg.message_id, "admin")
    assert emulator.user_presses_button(chat, msg.message_id, "admin", forge=True)
