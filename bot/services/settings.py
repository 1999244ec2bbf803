"""Per-user settings: digests, time zone, output and interface language."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

from bot.services.problems import InputProblem
from bot.services.schedule import FREQUENCIES, next_digest_at
from bot.services.zones import ZoneProblem, quick_timezone, read_timezone
from bot.wording import N_
from storage.database import Database, is_transient
from storage.models import User

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "ru": "Russian"}
# The languages the bot's own texts exist in (handlers/i18n.py, locales/); None follows the
# user's Telegram app.
INTERFACE_LANGUAGES = ("en", "de")
DELETE_ATTEMPTS = 3


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def sign_in(
        self, telegram_id: int, chat_id: int, name: str, language: str | None
    ) -> UUID:
        """The user for a Telegram identity, created on first contact (a read when unchanged)."""
        async with self._db.system() as system:
            return await system.upsert_user(telegram_id, chat_id, name, language)

    async def existing(self, telegram_id: int) -> UUID | None:
        """The user for a Telegram identity if they use the bot; never creates one."""
        async with self._db.system() as system:
            return await system.find_user(telegram_id)

    async def delete_account(self, user_id: UUID) -> None:
        """Everything of the user, in one transaction; every bot process hears of it on commit.

        The cascade takes row locks across every table while a step of this user may be
        writing its document: PostgreSQL then aborts one of the two as a deadlock, and the
        deletion is simply run again.
        """
        for attempt in range(DELETE_ATTEMPTS):
            try:
                async with self._db.as_user(user_id) as uow:
                    await uow.users.delete_me()
                return
            except Exception as error:
                if attempt == DELETE_ATTEMPTS - 1 or not is_transient(error):
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))

    async def mark_blocked(self, telegram_id: int) -> None:
        """The user blocked the bot: no digests or reminders until they come back."""
        user_id = await self.existing(telegram_id)
        if user_id is not None:
            async with self._db.as_user(user_id) as uow:
                await uow.users.mark_blocked(datetime.now(UTC))

    async def get(self, user_id: UUID) -> User:
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
        if user is None:
            raise InputProblem("Send /start first.")
        return user

    async def update(self, user_id: UUID, **changes: object) -> User:
        """Apply changes and recompute the next digest time from the new settings."""
        if "timezone" in changes:
            changes["timezone"] = await self._zone(user_id, str(changes["timezone"]))
        if "digest_frequency" in changes and changes["digest_frequency"] not in FREQUENCIES:
            raise InputProblem("Digests are off, daily or weekly.")
        _check_int(changes, "digest_hour", 0, 23, N_("Pick an hour between 0 and 23."))
        _check_int(changes, "digest_weekday", 0, 6, N_("Pick a weekday (Monday to Sunday)."))
        _check_int(changes, "stalled_after_days", 1, 90, N_("Pick between 1 and 90 days."))
        if "output_language" in changes and changes["output_language"] not in LANGUAGES:
            raise InputProblem("Unsupported language.")
        if changes.get("interface_language") not in (None, *INTERFACE_LANGUAGES):
            raise InputProblem("Unsupported language.")
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
            if user is None:
                raise InputProblem("Send /start first.")
            merged = {
                "digest_frequency": user.digest_frequency,
                "digest_hour": user.digest_hour,
                "digest_weekday": user.digest_weekday,
                "timezone": user.timezone,
                **changes,
            }
            due = next_digest_at(
                str(merged["digest_frequency"]),
                int(str(merged["digest_hour"])),
                int(str(merged["digest_weekday"])),
                str(merged["timezone"]),
                datetime.now(UTC),
            )
            await uow.users.update_settings(**changes, next_digest_at=due)
            updated = await uow.users.me()
        assert updated is not None
        return updated

    async def _zone(self, user_id: UUID, text: str) -> str:
        """An IANA name, an abbreviation ("CET") or a city ("Munich", "München", "new york")."""
        quick = quick_timezone(text)
        if quick is not None:
            return quick
        try:
            # The city table is built on first use (~1 s): never on the event loop.
            return await asyncio.to_thread(read_timezone, text, await self.language(user_id))
        except ZoneProblem as problem:
            raise InputProblem(problem.message) from None

    async def language(self, user_id: UUID) -> str:
        """The language the user reads the bot in ("en" or "de")."""
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
        return interface_language(user)


def interface_language(user: User | None) -> str:
    """The /settings choice, else the Telegram app's language (de, de-AT → "de"), else English;
    the same rule as handlers.i18n.locale_for, for texts a service writes itself."""
    if user is None:
        return "en"
    if user.interface_language in INTERFACE_LANGUAGES:
        return user.interface_language
    primary = (user.language_code or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in INTERFACE_LANGUAGES else "en"


def _check_int(changes: dict[str, object], key: str, low: int, high: int, problem: str) -> None:
    """Out-of-range values become a sentence for the user, not a database error."""
    if key not in changes:
        return
    try:
        value = int(str(changes[key]))
    except ValueError:
        raise InputProblem(problem) from None
    if not low <= value <= high:
        raise InputProblem(problem)
    changes[key] = value
