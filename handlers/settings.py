"""/settings with buttons, and the buttons on reminder messages."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from html import escape
from uuid import UUID

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.services.conversation import Pending, Waiting
from bot.services.settings import LANGUAGES
from handlers.buttons import Ctx, answer, show
from handlers.callbacks import Callback, Verb, encode
from handlers.context import Services, current_user_id, services
from storage.models import User

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
QUICK_ZONES = ("UTC", "Europe/London", "Europe/Berlin", "America/New_York")


def settings_view(user: User) -> tuple[str, InlineKeyboardMarkup]:
    if user.digest_frequency == "off":
        digest = "off"
    elif user.digest_frequency == "daily":
        digest = f"daily at {user.digest_hour:02d}:00"
    else:
        digest = f"weekly on {WEEKDAYS[user.digest_weekday]} at {user.digest_hour:02d}:00"
    text = (
        "<b>⚙️ Settings</b>\n"
        f"Digest: {digest}\n"
        f"Time zone: {escape(user.timezone)}\n"
        f"Output language: {LANGUAGES.get(user.output_language, user.output_language)}"
    )
    if user.next_digest_at:
        text += f"\nNext digest: {user.next_digest_at:%Y-%m-%d %H:%M} UTC"

    def button(label: str, arg: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=encode(Verb.SETTING, None, arg))

    mark = {user.digest_frequency: "• "}
    rows = [
        [button(mark.get(f, "") + f"Digest {f}", f"f.{f}") for f in ("off", "daily", "weekly")],
        [
            button("Hour −1", f"h.{(user.digest_hour - 1) % 24}"),
            button(f"{user.digest_hour:02d}:00", f"h.{user.digest_hour}"),
            button("Hour +1", f"h.{(user.digest_hour + 1) % 24}"),
            button(f"Day: {WEEKDAYS[user.digest_weekday]} ▶", f"w.{(user.digest_weekday + 1) % 7}"),
        ],
        [button(z, f"tz.{i}") for i, z in enumerate(QUICK_ZONES)] + [button("Other…", "tz.ask")],
        [
            button(("• " if user.output_language == c else "") + c.upper(), f"l.{c}")
            for c in LANGUAGES
        ],
    ]
    return text, InlineKeyboardMarkup(rows)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    user = await services(context).settings.get(user_id)
    text, markup = settings_view(user)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_settings_button(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    key, _, value = (cb.arg or "").partition(".")
    settings = svc.settings
    changes: dict[str, object] = {}
    if key == "f" and value in ("off", "daily", "weekly"):
        changes["digest_frequency"] = value
    elif key == "h" and value.isdigit():
        changes["digest_hour"] = int(value)
    elif key == "w" and value.isdigit():
        changes["digest_weekday"] = int(value) % 7
    elif key == "l" and value in LANGUAGES:
        changes["output_language"] = value
    elif key == "tz" and value == "ask":
        await svc.applications.set_pending(user_id, Pending(Waiting.TIMEZONE))
        await answer(query, "Send your time zone")
        if query.message:
            await query.get_bot().send_message(
                query.message.chat.id,
                "Send your time zone as an IANA name, e.g. Europe/Berlin or Asia/Tokyo.",
            )
        return
    elif key == "tz" and value.isdigit() and int(value) < len(QUICK_ZONES):
        changes["timezone"] = QUICK_ZONES[int(value)]
    else:
        await answer(query, "This button is no longer valid.")
        return
    user = await settings.update(user_id, **changes)
    text, markup = settings_view(user)
    await answer(query, "Saved")
    await show(query, text, markup)  # tapping the option already chosen changes nothing


async def on_reminder_button(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None:
        await answer(query, "This button is no longer valid.")
        return
    async with svc.db.as_user(user_id) as uow:
        reminder = await uow.reminders.get(cb.target)
        if reminder is None:
            await answer(query, "This reminder no longer exists.", alert=True)
            return
        if cb.arg == "done":
            await uow.reminders.set_status(reminder.id, "done")
            said = "Marked done."
        elif cb.arg in ("s1", "s3"):
            days = 1 if cb.arg == "s1" else 3
            await uow.reminders.snooze(reminder.id, datetime.now(UTC) + timedelta(days=days))
            said = f"Snoozed for {days} day(s)."
        else:
            await answer(query, "This button is no longer valid.")
            return
    await answer(query, said)
    if query.message is not None:
        markup = (
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            "Open application",
                            callback_data=encode(Verb.OPEN, reminder.application_id),
                        )
                    ]
                ]
            )
            if reminder.application_id
            else None
        )
        with contextlib.suppress(BadRequest):  # "message is not modified" on a second tap
            await query.edit_message_reply_markup(markup)
