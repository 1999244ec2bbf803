"""What every handler needs: the services, and the current user's id."""

from __future__ import annotations

import time
from dataclasses import dataclass
from uuid import UUID

from telegram import Update
from telegram.ext import ContextTypes

from bot.services.applications import ApplicationService
from bot.services.export import ExportService
from bot.services.gaps import GapService
from bot.services.generation import GenerationService
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
    worker: JobWorker | None = None  # set when this process also runs generation jobs

    def wake_worker(self) -> None:
        if self.worker is not None:
            self.worker.wake()


async def whole_paste(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The whole text when this message is the first part of a paste Telegram split."""
    processor = context.application.update_processor
    user = update.effective_user
    if user is None or not isinstance(processor, PerUserUpdateProcessor):
        return None
    return await processor.pastes.collect(user.id)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found: Services = context.application.bot_data[SERVICES_KEY]
    return found


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


def user_cache(context: ContextTypes.DEFAULT_TYPE) -> UserIdCache:
    cache: UserIdCache = context.application.bot_data.setdefault(USER_CACHE_KEY, UserIdCache())
    return cache


_Identity = tuple[int, int, str, str | None]


def _identity(update: Update) -> _Identity | None:
    """Who sent this, as the cache keys it: Telegram user, chat, name and language."""
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        return None
    return (tg_user.id, chat.id, tg_user.full_name or "", tg_user.language_code)


async def current_user_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> UUID:
    """Find or create the sender through the SECURITY DEFINER door (a read when unchanged)."""
    key = _identity(update)
    if key is None:
        raise ValueError("update without a user")
    cached = user_cache(context).get(key)
    if cached is not None:
        return cached
    async with services(context).db.system() as system:
        user_id = await system.upsert_user(*key)
    user_cache(context).put(key, user_id)
    return user_id


async def known_user_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> UUID | None:
    """The sender's id if they already use the bot; never creates a user.

    A button press is not a start: an old button of a deleted account, or one forwarded to
    someone else, must not silently create a user row without /start.
    """
    key = _identity(update)
    if key is None:
        return None
    cached = user_cache(context).get(key)
    if cached is not None:
        return cached
    async with services(context).db.system() as system:
        found = await system.find_user(key[0])
    if found is not None:
        user_cache(context).put(key, found)
    return found
