"""What every handler needs: the services, and the current user's id.

`JobForgeContext` is PTB's `CallbackContext` with JobForge's typed wiring; bot.application
registers it with `ContextTypes(context=JobForgeContext)`, so every handler receives one and
"go to definition" leads from `context.services.applications` to the service.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.services.applications import ApplicationService, Card
from bot.services.export import ExportService
from bot.services.gaps import GapService
from bot.services.generation import GenerationService
from bot.services.interview import InterviewService
from bot.services.postings import PostingService
from bot.services.resumes import ResumeService
from bot.services.search import SearchService
from bot.services.settings import SettingsService
from bot.services.worker import JobWorker
from bot.update_processor import PerUserUpdateProcessor
from storage.database import Database

SERVICES_KEY = "jobforge_services"


@dataclass
class Services:
    db: Database
    resumes: ResumeService
    postings: PostingService
    generation: GenerationService
    applications: ApplicationService
    search: SearchService
    settings: SettingsService
    export: ExportService
    gaps: GapService
    interview: InterviewService
    worker: JobWorker | None = None  # set when this process also runs generation jobs

    def wake_worker(self) -> None:
        if self.worker is not None:
            self.worker.wake()


class JobForgeContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    """The context every JobForge handler receives (one per update, shared by all groups)."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,  # PTB's: the Telegram id (keys user_data)
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._account: UUID | None = None
        # The card a press on a card names, read once with the stale-card check
        # (handlers.cards.refuse_stale_card) and handed to the action's first card_for.
        self.pressed_card: Card | None = None

    @property
    def services(self) -> Services:
        """The bot's services (built in bot.application)."""
        found: Services = self.application.bot_data[SERVICES_KEY]
        return found

    @property
    def user_ids(self) -> UserIdCache:
        """Telegram identity → user id, shared by every update of this process."""
        found: UserIdCache = self.application.bot_data.setdefault(USER_CACHE_KEY, UserIdCache())
        return found

    @property
    def interface_languages(self) -> InterfaceLanguages:
        """Each Telegram user's interface language choice, shared by every update."""
        found = self.application.bot_data.get(INTERFACE_LANGUAGES_KEY)
        if found is None:
            found = InterfaceLanguages(self.services.db)
            self.application.bot_data[INTERFACE_LANGUAGES_KEY] = found
        languages: InterfaceLanguages = found
        return languages

    @property
    def user_id(self) -> UUID | None:
        """The sender's JobForge user id once `current_user_id`/`known_user_id` found it."""
        return self._account


# For PTB's ApplicationBuilder.context_types.
CONTEXT_TYPES = ContextTypes(context=JobForgeContext)


async def whole_paste(update: Update, context: JobForgeContext) -> str | None:
    """The whole text when this message is the first part of a paste Telegram split."""
    processor = context.application.update_processor
    user = update.effective_user
    if user is None or not isinstance(processor, PerUserUpdateProcessor):
        return None
    return await processor.pastes.collect(user.id)


class UserIdCache:
    """Telegram identity → user uuid for a short time, so a burst of updates from one person
    does not pay a database round trip each (bench/updates: the tail at 100 updates/s).

    Entries expire after `ttl_s`; /delete_me forgets the user at once, and a user who blocks
    or unblocks the bot is looked up afresh (jf_upsert_user clears the blocked flag).
    """

    def __init__(self, ttl_s: float = 60.0, max_entries: int = 50_000) -> None:
        self._ttl = ttl_s
        self._max = max_entries
        self._entries: dict[tuple[int, int, str, str | None], tuple[float, UUID]] = {}

    def get(self, key: tuple[int, int, str, str | None]) -> UUID | None:
        hit = self._entries.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, key: tuple[int, int, str, str | None], user_id: UUID) -> None:
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self._ttl, user_id)

    def forget(self, telegram_id: int) -> None:
        for key in [k for k in self._entries if k[0] == telegram_id]:
            del self._entries[key]


USER_CACHE_KEY = "jobforge_user_ids"
INTERFACE_LANGUAGES_KEY = "jobforge_interface_languages"


def forget_user(bot_data: dict[str, Any], telegram_id: int) -> None:
    """Drop what this process remembers about a Telegram user (their account is gone)."""
    for key in (USER_CACHE_KEY, INTERFACE_LANGUAGES_KEY):
        cache = bot_data.get(key)
        if cache is not None:
            cache.forget(telegram_id)


class InterfaceLanguages:
    """Each Telegram user's interface language choice (None: follow Telegram), kept for a
    minute so an update does not pay database round trips to learn it (as UserIdCache does
    for user ids). A change in /settings is remembered at once; another bot process sees
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


_Identity = tuple[int, int, str, str | None]


def _identity(update: Update) -> _Identity | None:
    """Who sent this, as the cache keys it: Telegram user, chat, name and language."""
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        return None
    return (tg_user.id, chat.id, tg_user.full_name or "", tg_user.language_code)


async def current_user_id(update: Update, context: JobForgeContext) -> UUID:
    """Find or create the sender through the SECURITY DEFINER door (a read when unchanged)."""
    key = _identity(update)
    if key is None:
        raise ValueError("update without a user")
    user_id = context.user_ids.get(key)
    if user_id is None:
        user_id = await context.services.settings.sign_in(*key)
        context.user_ids.put(key, user_id)
    context._account = user_id
    return user_id


async def known_user_id(update: Update, context: JobForgeContext) -> UUID | None:
    """The sender's id if they already use the bot; never creates a user.

    A button press is not a start: an old button of a deleted account, or one forwarded to
    someone else, must not silently create a user row without /start.
    """
    key = _identity(update)
    if key is None:
        return None
    found = context.user_ids.get(key)
    if found is None:
        found = await context.services.settings.existing(key[0])
        if found is not None:
            context.user_ids.put(key, found)
    context._account = found
    return found
