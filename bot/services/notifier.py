"""How services tell a user what happened, without knowing about Telegram.

The Telegram implementation lives in handlers/outbound/telegram_notifier.py; tests and benchmarks
can plug in their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from bot.documents.searchability import Check
from bot.services.applications import card_lines
from bot.wording import Said
from storage.database import Database
from storage.models import Application, Document, Job, Reminder, User, WeekInNumbers


@dataclass(frozen=True)
class StepOutcome:
    job: Job
    application: Application
    document: Document
    removed_claims: list[str] = field(default_factory=list)
    match_before: int | None = None
    match_after: int | None = None
    missing_keywords: list[str] = field(default_factory=list)
    used_related: bool = False
    resumed_after_restart: bool = False
    # Steps of this application queued or running now (the next one of a chain).
    active_jobs: list[Job] = field(default_factory=list)
    # Why "Generate all" did not go on to the next step (the token budget ran out).
    chain_stopped: Said | None = None
    # What an applicant tracking system will make of the optimized resume's file.
    searchability: list[Check] = field(default_factory=list)
    # Said to the user, never written into the file: feedback the engine could not apply,
    # a version identical to the last one.
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Digest:
    user: User
    counts_by_stage: dict[str, int]
    week: WeekInNumbers  # the last seven days
    stalled: list[Application]
    reminders_due: list[Reminder]
    similar_pairs: list[tuple[Application, Application, float]]


class UserGone(Exception):
    """The user blocked the bot (Telegram 403): mark them and stop sending."""


class StepStream(Protocol):
    """Progress of one step as it is generated; `delta` gets new text, `reset` restarts."""

    async def delta(self, text: str) -> None: ...

    async def reset(self) -> None: ...

    async def close(self) -> None: ...


class Notifier(Protocol):
    async def step_started(
        self, job: Job, application: Application, resumed: bool
    ) -> StepStream: ...

    async def step_finished(self, outcome: StepOutcome) -> None: ...

    async def step_failed(
        self, job: Job, application: Application, message: Said, will_retry: bool
    ) -> None:
        """`message` is said in the recipient's language (str() of it is English)."""

    async def step_cancelled(self, job: Job) -> None:
        """The user deleted their data while this step ran: settle its progress message."""
        ...

    async def digest(self, digest: Digest) -> None:
        """Raises UserGone when the user blocked the bot."""

    async def reminder(
        self, user: User, reminder: Reminder, application: Application | None
    ) -> None:
        """Raises UserGone when the user blocked the bot."""


class SilentStream:
    async def delta(self, text: str) -> None:
        return None

    async def reset(self) -> None:
        return None

    async def close(self) -> None:
        return None


@dataclass(frozen=True)
class CardState:
    place: tuple[int, int] | None  # (chat id, message id) of the living card
    reminder_due: datetime | None = None  # in the user's zone
    resume_name: str | None = None  # named when the user has more than one


class CardPlaces:
    """Where each application's living card is (chat id, message id), so progress edits that
    one message and a newer card retires the older one. Read under the owner's RLS context."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def state(self, user_id: UUID, application_id: UUID) -> CardState:
        """The card's place and the lines a card shows besides the application (its soonest
        reminder, the resume it uses), so a running step draws the same card a button does."""
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
            if app is None:
                return CardState(None)
            due, resume_name = await card_lines(uow, app)
        chat, message = app.card_chat_id, app.card_message_id
        place = (chat, message) if chat is not None and message is not None else None
        return CardState(place, due, resume_name)

    async def move(
        self, user_id: UUID, application_id: UUID, chat_id: int, message_id: int
    ) -> tuple[int, int] | None:
        """Record the new card; returns the previous one, whose buttons should go."""
        async with self._db.as_user(user_id) as uow:
            return await uow.applications.set_card_place(application_id, chat_id, message_id)
