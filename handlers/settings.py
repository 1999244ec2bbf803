"""/settings with buttons, the buttons on reminder messages, and the interface language
of each update (the user's choice here, else their Telegram app's language)."""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime, timedelta
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
from telegram.ext import ContextTypes

from bot.services.conversation import Pending, Waiting
from bot.services.notifier import Digest, StepOutcome
from bot.services.schedule import zone_of
from bot.services.settings import LANGUAGES
from handlers.buttons import Ctx, answer, show
from handlers.callbacks import Callback, Verb, encode
from handlers.context import Services, current_user_id, services
from handlers.i18n import (
    INTERFACE_LANGUAGES,
    _,
    current_locale,
    language_name,
    locale_for,
    moment,
    ngettext,
    set_locale,
)
from handlers.start import command_menu
from storage.database import Database
from storage.models import Job, User

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
        await answer(query, _("Send your time zone"))
        if query.message:
            await query.get_bot().send_message(
                query.message.chat.id,
                _("Send your time zone as an IANA name, e.g. Europe/Berlin or Asia/Tokyo."),
            )
        return
    elif key == "tz" and value.isdigit() and int(value) < len(QUICK_ZONES):
        changes["timezone"] = QUICK_ZONES[int(value)]
    else:
        await answer(query, _("This button is no longer valid."))
        return
    user = await settings.update(user_id, **changes)
    if "interface_language" in changes:
        interface_languages(context).remember(user.telegram_id, user.interface_language)
        locale = locale_for(user.interface_language, user.language_code)
        set_locale(locale)  # this answer already speaks it
        with contextlib.suppress(TelegramError):  # the menu is a convenience
            await query.get_bot().set_my_commands(
                command_menu(locale), scope=BotCommandScopeChat(user.chat_id)
            )
    text, markup = settings_view(user)
    await answer(query, _("Saved"))
    await show(query, text, markup)  # tapping the option already chosen changes nothing


async def on_reminder_button(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None:
        await answer(query, _("This button is no longer valid."))
        return
    async with svc.db.as_user(user_id) as uow:
        reminder = await uow.reminders.get(cb.target)
        if reminder is None:
            await answer(query, _("This reminder no longer exists."), alert=True)
            return
        if cb.arg == "done":
            await uow.reminders.set_status(reminder.id, "done")
            said = _("Marked done.")
        elif cb.arg in ("s1", "s3"):
            days = 1 if cb.arg == "s1" else 3
            await uow.reminders.snooze(reminder.id, datetime.now(UTC) + timedelta(days=days))
            said = ngettext("Snoozed for {n} day.", "Snoozed for {n} days.", days).format(n=days)
        else:
            await answer(query, _("This button is no longer valid."))
            return
    await answer(query, said)
    if query.message is not None:
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


class InterfaceLanguages:
    """Each Telegram user's interface language choice (None: follow Telegram), kept for a
    minute so an update does not pay database round trips to learn it (as handlers.context
    does for user ids). A change in /settings is remembered at once; another bot process sees
    it within `ttl_s`. Lookups never fill the user-id cache: the upsert it would skip is what
    records a new name or language and clears blocked_at."""

    def __init__(self, db: Database, ttl_s: float = 60.0, max_entries: int = 50_000) -> None:
        self._db = db
        self._ttl = ttl_s
        self._max = max_entries
        self._entries: dict[int, tuple[float, str | None]] = {}

    async def chosen(self, telegram_id: int) -> str | None:
        hit = self._entries.get(telegram_id)
        if hit is not None and hit[0] >= time.monotonic():
            return hit[1]
        async with self._db.system() as system:
            user_id = await system.find_user(telegram_id)
        choice = None
        if user_id is not None:
            async with self._db.as_user(user_id) as uow:
                user = await uow.users.me()
            choice = user.interface_language if user is not None else None
        self.remember(telegram_id, choice)
        return choice

    def remember(self, telegram_id: int, choice: str | None) -> None:
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[telegram_id] = (time.monotonic() + self._ttl, choice)

    def forget(self, telegram_id: int) -> None:
        self._entries.pop(telegram_id, None)


INTERFACE_LANGUAGES_KEY = "jobforge_interface_languages"


def interface_languages(context: ContextTypes.DEFAULT_TYPE) -> InterfaceLanguages:
    found = context.application.bot_data.get(INTERFACE_LANGUAGES_KEY)
    if found is None:
        found = InterfaceLanguages(services(context).db)
        context.application.bot_data[INTERFACE_LANGUAGES_KEY] = found
    return found


async def use_interface_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler (group -1): the locale every view of this update speaks.
    Each update is processed in its own task, so the value never reaches another update."""
    tg_user = update.effective_user
    if tg_user is None:
        set_locale(locale_for(None, None))
        return
    chosen = await interface_languages(context).chosen(tg_user.id)
    set_locale(locale_for(chosen, tg_user.language_code))


class UserLocales:
    """The interface language of a notification's recipient: worker results, digests and
    reminders are sent outside any update, so the per-update hook never ran for them."""

    def __init__(self, db: Database | None) -> None:
        self._db = db

    async def of(self, recipient: Job | StepOutcome | Digest | User) -> str:
        if isinstance(recipient, Digest):
            recipient = recipient.user
        if isinstance(recipient, User):
            return locale_for(recipient.interface_language, recipient.language_code)
        job = recipient.job if isinstance(recipient, StepOutcome) else recipient
        if self._db is None:
            return locale_for(None, None)
        async with self._db.as_user(job.user_id) as uow:
            user = await uow.users.me()  # None once the user deleted their data
        return locale_for(
            user.interface_language if user else None, user.language_code if user else None
        )
