"""Per-user settings: digests, time zone, output and interface language."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from bot.services.problems import InputProblem
from bot.services.schedule import FREQUENCIES, canonical_timezone, next_digest_at
from storage.database import Database
from storage.models import User

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "ru": "Russian"}
# The languages the bot's own texts exist in (handlers/i18n.py, locales/); None follows the
# user's Telegram app.
INTERFACE_LANGUAGES = ("en", "de")


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: UUID) -> User:
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
        if user is None:
            raise InputProblem("Send /start first.")
        return user

    async def update(self, user_id: UUID, **changes: object) -> User:
        """Apply changes and recompute the next digest time from the new settings."""
        if "timezone" in changes:
            zone = canonical_timezone(str(changes["timezone"]))
            if zone is None:
                raise InputProblem(
                    "Unknown time zone. Send an IANA name like Europe/Berlin or America/New_York."
                )
            changes["timezone"] = zone
        if "digest_frequency" in changes and changes["digest_frequency"] not in FREQUENCIES:
            raise InputProblem("Digests are off, daily or weekly.")
        _check_int(changes, "digest_hour", 0, 23, "Pick an hour between 0 and 23.")
        _check_int(changes, "digest_weekday", 0, 6, "Pick a weekday (Monday to Sunday).")
        _check_int(changes, "stalled_after_days", 1, 90, "Pick between 1 and 90 days.")
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
