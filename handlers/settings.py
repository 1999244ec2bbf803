"""/settings with buttons, the buttons on reminder messages, and the interface language
of each update (the user's choice here, else their Telegram app's language)."""

from __future__ import annotations

import contextlib
from html import escape
from uuid import UUID

from babel.dates import get_day_names
from telegram import (
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.services.conversation import Pending, Waiting
from bot.services.schedule import zone_of
from bot.services.settings import LANGUAGES
from handlers.buttons import NO_LONGER_VALID, Answer, show
from handlers.callbacks import Callback, Verb, encode
from handlers.context import JobForgeContext, Services, current_user_id
from handlers.i18n import (
    INTERFACE_LANGUAGES,
    _,
    current_locale,
    language_name,
    locale_for,
    moment,
    set_locale,
)
from handlers.start import command_menu
from handlers.views import reminder_views
from storage.models import User

QUICK_ZONES = ("UTC", "Europe/London", "Europe/Berlin", "America/New_York")


def _weekday(index: int) -> str:
    """ "Mon" / "Mo." from CLDR (Monday is 0, as in users.digest_weekday)."""
    return str(get_day_names("abbreviated", locale=current_locale())[index])


def settings_view(user: User) -> tuple[str, InlineKeyboardMarkup]:
    hour = f"{user.digest_hour:02d}:00"
    if user.digest_frequency == "off":
        digest = _("off")
    elif user.digest_frequency == "daily":
        digest = _("daily at {hour}").format(hour=hour)
    else:
        digest = _("weekly on {day} at {hour}").format(day=_weekday(user.digest_weekday), hour=hour)
    interface = locale_for(user.interface_language, user.language_code)
    lines = [
        _("<b>⚙️ Settings</b>"),
        _("Digest: {digest}").format(digest=digest),
        _("Time zone: {zone}").format(zone=escape(user.timezone)),
        _("Interface language: {language}").format(language=INTERFACE_LANGUAGES[interface]),
        _("Output language: {language}").format(language=language_name(user.output_language)),
    ]
    if user.next_digest_at:
        when = moment(user.next_digest_at, zone_of(user.timezone))
        lines.append(_("Next digest: {when}").format(when=when))

    def button(label: str, arg: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=encode(Verb.SETTING, None, arg))

    mark = {user.digest_frequency: "• "}
    frequencies = {"off": _("Digest off"), "daily": _("Digest daily"), "weekly": _("Digest weekly")}
    rows = [
        [button(mark.get(f, "") + label, f"f.{f}") for f, label in frequencies.items()],
        [
            button(_("Hour −1"), f"h.{(user.digest_hour - 1) % 24}"),
            button(hour, f"h.{user.digest_hour}"),
            button(_("Hour +1"), f"h.{(user.digest_hour + 1) % 24}"),
            button(
                _("Day: {day} ▶").format(day=_weekday(user.digest_weekday)),
                f"w.{(user.digest_weekday + 1) % 7}",
            ),
        ],
        [button(z, f"tz.{i}") for i, z in enumerate(QUICK_ZONES)] + [button(_("Other…"), "tz.ask")],
        [
            button(("• " if interface == code else "") + "🗣 " + name, f"i.{code}")
            for code, name in INTERFACE_LANGUAGES.items()
        ],
        [
            button(("• " if user.output_language == c else "") + "📄 " + c.upper(), f"l.{c}")
            for c in LANGUAGES
        ],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def settings_command(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    user = await context.services.settings.get(user_id)
    text, markup = settings_view(user)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_settings_button(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    key, _sep, value = (cb.arg or "").partition(".")
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
    elif key == "i" and value in INTERFACE_LANGUAGES:
        changes["interface_language"] = value
    elif key == "tz" and value == "ask":
        await svc.applications.set_pending(user_id, Pending(Waiting.TIMEZONE))

        async def ask_zone() -> None:
            if query.message:
                await query.get_bot().send_message(
                    query.message.chat.id,
                    _("Send your city (Munich, New York) or time zone (Europe/Berlin, CET)."),
                )

        return Answer(_("Send your time zone"), then=ask_zone)
    elif key == "tz" and value.isdigit() and int(value) < len(QUICK_ZONES):
        changes["timezone"] = QUICK_ZONES[int(value)]
    else:
        return Answer(_(NO_LONGER_VALID))
    user = await settings.update(user_id, **changes)
    if "interface_language" in changes:
        context.interface_languages.remember(user.telegram_id, user.interface_language)
        locale = locale_for(user.interface_language, user.language_code)
        set_locale(locale)  # this answer already speaks it
        with contextlib.suppress(TelegramError):  # the menu is a convenience
            await query.get_bot().set_my_commands(
                command_menu(locale), scope=BotCommandScopeChat(user.chat_id)
            )
    text, markup = settings_view(user)

    async def then() -> None:
        await show(query, text, markup)  # tapping the option already chosen changes nothing

    return Answer(_("Saved"), then=then)


async def on_reminder_button(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """Done / Snooze under a reminder message (the same rules as in /reminders)."""
    if cb.target is None:
        return Answer(_(NO_LONGER_VALID))
    reminders = svc.applications.reminders
    if cb.arg == "done":
        change = await reminders.done(user_id, cb.target)
        op, days = "done", 0
    elif cb.arg in ("s1", "s3"):
        days = 1 if cb.arg == "s1" else 3
        change = await reminders.snooze(user_id, cb.target, days)
        op = "snooze"
    else:
        return Answer(_(NO_LONGER_VALID))
    if change is None:
        return Answer(reminder_views.reminder_gone(), alert=True)
    reminder = change.reminder
    said = reminder_views.reminder_changed(op, change, days)

    async def then() -> None:
        if query.message is None:
            return
        markup = (
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            _("Open application"),
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

    return Answer(said, then=then)


async def use_interface_language(update: Update, context: JobForgeContext) -> None:
    """Runs before every handler (group -1): the locale every view of this update speaks.
    Each update is processed in its own task, so the value never reaches another update."""
    tg_user = update.effective_user
    if tg_user is None:
        set_locale(locale_for(None, None))
        return
    chosen = await context.interface_languages.chosen(tg_user.id)
    set_locale(locale_for(chosen, tg_user.language_code))
