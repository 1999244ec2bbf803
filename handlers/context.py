"""What every handler needs: the services, and the current user's id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from telegram import Update
from telegram.ext import ContextTypes

from bot.services.applications import ApplicationService
from bot.services.generation import GenerationService
from bot.services.postings import PostingService
from bot.services.resumes import ResumeService
from storage.database import Database

SERVICES_KEY = "jobforge_services"


@dataclass
class Services:
    db: Database
    resumes: ResumeService
    postings: PostingService
    generation: GenerationService
    applications: ApplicationService
    extras: dict[str, Any]

    def wake_worker(self) -> None:
        worker = self.extras.get("worker")
        if worker is not None:
            worker.wake()


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found: Services = context.application.bot_data[SERVICES_KEY]
    return found


async def current_user_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> UUID:
    """Find or create the sender through the SECURITY DEFINER door (a read when unchanged)."""
    tg_user = update.effective_user
    chat = update.effective_chat
    if tg_user is None or chat is None:
        raise ValueError("update without a user")
    async with services(context).db.system() as system:
        return await system.upsert_user(
            tg_user.id, chat.id, tg_user.full_name or "", tg_user.language_code
        )
