"""Per-user settings: digests, time zone, output language."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from bot.services.problems import InputProblem
from bot.services.schedule import FREQUENCIES, next_digest_at, valid_timezone
from storage.database import Database
from storage.models import User

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "ru": "Russian"}


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
        if "timezone" in changes and not valid_timezone(str(changes["timezone"])):
            raise InputProblem(
                "Unknown time zone. Send an IANA name like Europe/Berlin or America/New_York."
            )
        if "digest_frequency" in changes and changes["digest_frequency"] not in FREQUENCIES:
            raise InputProblem("Digests are off, daily or weekly.")
        if "digest_hour" in changes and not 0 <= int(str(changes["digest_hour"])) <= 23:
            raise InputProblem("Pick an hour between 0 and 23.")
        if "output_language" in changes and changes["output_language"] not in LANGUAGES:
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
