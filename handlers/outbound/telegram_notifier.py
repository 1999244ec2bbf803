"""The Notifier that speaks Telegram: one living card per application, edited in place as
its steps run; each document as its own message; streamed drafts; failures on the card."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast
from uuid import UUID

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.services.notifier import (
    CardPlaces,
    CardState,
    Digest,
    SilentStream,
    StepOutcome,
    StepStream,
    UserGone,
)
from bot.wording import Said
from handlers import i18n
from handlers.i18n import current_locale, locale_for, using
from handlers.outbound.sending import send_markdown
from handlers.views import progress_views, render
from storage.database import Database
from storage.models import STEP_ORDER, Application, Job, Reminder, User

_log = logging.getLogger(__name__)
STREAM_INTERVAL_S = 1.0
MAX_RUNS_KEPT = 2000


@dataclass
class _Card:
    """Where a step's progress is shown while it is written (for streamed edits)."""

    message_id: int
    text: str
    markup: InlineKeyboardMarkup


class TelegramStepStream:
    """Shows a step as it is written: drafts in private chats, else throttled card edits."""

    def __init__(self, bot: Bot, chat_id: int, card: _Card | None, label: str) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._card = card
        self._label = label
        self._text = ""
        self._last_push = 0.0
        self._blocked_until = 0.0
        self._use_drafts = chat_id > 0
        self._draft_id = secrets.randbelow(2**31 - 2) + 1
        self.pushes = 0
        self._locale = current_locale()  # the recipient's, set by step_started

    async def delta(self, text: str) -> None:
        self._text += text
        now = time.monotonic()
        if now - self._last_push < STREAM_INTERVAL_S or now < self._blocked_until:
            return
        self._last_push = now
        with using(self._locale):
            await self._push()

    async def _push(self) -> None:
        try:
            if self._use_drafts:
                try:
                    preview = progress_views.draft_text(self._label, self._text)
                    await self._bot.send_message_draft(self._chat_id, self._draft_id, preview)
                    self.pushes += 1
                    return
                except BadRequest:
                    self._use_drafts = False
            if self._card is not None:
                await self._bot.edit_message_text(
                    progress_views.streaming_card(self._card.text, self._label, self._text),
                    self._chat_id,
                    self._card.message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=self._card.markup,
                    disable_web_page_preview=True,
                )
                self.pushes += 1
        except RetryAfter as exc:
            retry = exc.retry_after
            seconds = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
            self._blocked_until = time.monotonic() + seconds
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                _log.debug("stream edit refused: %s", exc.message)
        except TelegramError:
            _log.debug("stream push failed", exc_info=True)

    async def reset(self) -> None:
        self._text = ""

    async def close(self) -> None:
        return None


@dataclass
class _Run:
    """What the card says about the steps of one run (display only: after a restart the
    card's step marks still come from the database)."""

    # A rewrite asked for from elsewhere (a document's button, a typed request): the card
    # is far up the chat, so its final state is sent anew at the bottom and the old one
    # retired. A first run (▶️, ⚡ on the card) edits the card where it is.
    moves: bool
    lines: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    finished: bool = False

    def text_lines(self) -> list[str]:
        shown: list[str] = []
        for kind in STEP_ORDER:
            if kind in self.lines:
                shown.append(self.lines[kind])
                shown += self.notes.get(kind, [])
        return shown


def _gone(exc: BadRequest) -> bool:
    """The card cannot be edited any more (deleted by the user, or not a text message)."""
    message = exc.message.lower()
    return any(
        part in message
        for part in ("not found", "can't be edited", "no text in the message", "message_id_invalid")
    )


_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Any]])


def _in_recipient_language(method: _Method) -> _Method:
    """Sent outside any update: the texts speak the recipient's interface language (the
    method's first argument: a Job, a StepOutcome, a Digest or a User)."""
    first = list(inspect.signature(method).parameters)[1]  # after self

    @functools.wraps(method)
    async def speaking(self: TelegramNotifier, *args: Any, **kwargs: Any) -> Any:
        recipient = args[0] if args else kwargs[first]
        with using(await self._locales.of(recipient)):
            return await method(self, *args, **kwargs)

    return cast(_Method, speaking)


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


class TelegramNotifier:
    def __init__(
        self, bot: Bot, places: CardPlaces | None = None, locales: UserLocales | None = None
    ) -> None:
        self._bot = bot
        self._places = places
        self._locales = locales or UserLocales(None)
        # Job id → the card its progress is shown on (to settle it when the user is deleted).
        self._progress: dict[UUID, tuple[int, int]] = {}
        # Cards this process sent, for when no CardPlaces store is wired (tests, benchmarks).
        self._cards: dict[UUID, tuple[int, int]] = {}
        self._runs: dict[UUID, _Run] = {}
        # One step's messages finish before the next step of the same chat announces itself.
        self._chat_locks: dict[int, asyncio.Lock] = {}

    def _lock(self, chat_id: int) -> asyncio.Lock:
        return self._chat_locks.setdefault(chat_id, asyncio.Lock())

    # -- the living card ----------------------------------------------------------------

    def _run(self, app: Application, *, moves: bool, new: bool) -> _Run:
        run = self._runs.get(app.id)
        if run is None or (new and run.finished):
            if len(self._runs) >= MAX_RUNS_KEPT:
                self._runs.pop(next(iter(self._runs)))
            run = self._runs[app.id] = _Run(moves=moves)
        return run

    async def _place(self, app: Application) -> CardState:
        """The card's current place: the database (a handler may have moved it), else what
        this process knows, else what the application row said when it was read; with the
        card's reminder and resume lines."""
        if self._places is not None:
            try:
                return await self._places.state(app.user_id, app.id)
            except Exception:
                _log.warning("could not read the card of %s", app.id, exc_info=True)
        if app.id in self._cards:
            return CardState(self._cards[app.id])
        if app.card_chat_id is not None and app.card_message_id is not None:
            return CardState((app.card_chat_id, app.card_message_id))
        return CardState(None)

    async def _remember(
        self, app: Application, chat_id: int, message_id: int, previous: tuple[int, int] | None
    ) -> None:
        self._cards[app.id] = (chat_id, message_id)
        if self._places is not None:
            try:
                previous = await self._places.move(app.user_id, app.id, chat_id, message_id)
            except Exception:
                _log.warning("could not record the card of %s", app.id, exc_info=True)
        if previous is not None and previous != (chat_id, message_id):
            await self._retire(previous)

    async def _retire(self, place: tuple[int, int]) -> None:
        """An older card loses its buttons, so only the living card can be pressed."""
        with contextlib.suppress(TelegramError):
            await self._bot.edit_message_reply_markup(place[0], place[1], reply_markup=None)

    async def _show(
        self, app: Application, active: list[Job], chat_id: int, run: _Run, *, fresh: bool
    ) -> _Card:
        """Edit the living card in place, or send it anew (asked to, none known, or the user
        deleted it) and retire the old one. An unchanged card is not an error."""
        state = await self._place(app)
        place = state.place
        text = progress_views.progress_card(
            app, active, run.text_lines(), state.reminder_due, state.resume_name
        )
        markup = progress_views.card_keyboard(app, active)
        if not fresh and place is not None and place[0] == chat_id:
            try:
                await self._bot.edit_message_text(
                    text,
                    chat_id,
                    place[1],
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    disable_web_page_preview=True,
                )
                return _Card(place[1], text, markup)
            except BadRequest as exc:
                if "not modified" in exc.message.lower():
                    return _Card(place[1], text, markup)
                if not _gone(exc):
                    raise
                _log.info("card of %s is gone (%s); sending it anew", app.id, exc.message)
        message = await self._bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            disable_web_page_preview=True,
        )
        await self._remember(app, chat_id, message.message_id, place)
        return _Card(message.message_id, text, markup)

    # -- steps ----------------------------------------------------------------------------

    @_in_recipient_language
    async def step_started(self, job: Job, application: Application, resumed: bool) -> StepStream:
        chat_id = job.chat_id
        if chat_id is None:
            return SilentStream()
        app = application
        run = self._run(app, moves=app.has_step(job.kind) and not job.chain, new=True)
        run.lines[job.kind] = progress_views.writing(job.kind, app.company_name, resumed=resumed)
        run.notes.pop(job.kind, None)
        card: _Card | None = None
        try:
            if not run.moves:
                async with self._lock(chat_id):
                    card = await self._show(app, [job], chat_id, run, fresh=False)
                self._progress[job.id] = (chat_id, card.message_id)
            await self._bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError:
            _log.warning("could not announce job %s", job.id, exc_info=True)
        return TelegramStepStream(self._bot, chat_id, card, render.step_label(job.kind))

    @_in_recipient_language
    async def step_finished(self, outcome: StepOutcome) -> None:
        job, app, doc = outcome.job, outcome.application, outcome.document
        chat_id = job.chat_id
        self._progress.pop(job.id, None)
        if chat_id is None:
            return
        run = self._run(app, moves=doc.version > 1 and not job.chain, new=False)
        run.lines[doc.document_type] = progress_views.ready(doc.document_type, doc.version)
        run.notes[doc.document_type] = progress_views.outcome_notes(outcome)
        active = [j for j in outcome.active_jobs if j.kind != "embed"]
        run.finished = not active
        async with self._lock(chat_id):
            try:
                slug = f"{app.company_name}_{doc.document_type}_v{doc.version}".replace(" ", "_")
                await send_markdown(
                    self._bot,
                    chat_id,
                    doc.content,
                    filename=f"{slug}.md",
                    reply_markup=render.document_keyboard(app, doc.document_type, active),
                )
                if not run.moves or run.finished:
                    await self._show(app, active, chat_id, run, fresh=run.moves)
            except Forbidden:
                _log.info("user of chat %s blocked the bot; result kept in the database", chat_id)

    @_in_recipient_language
    async def step_cancelled(self, job: Job) -> None:
        where = self._progress.pop(job.id, None)
        if where is None:
            return  # nothing shown; a deleted user gets no new message
        with contextlib.suppress(TelegramError):
            await self._bot.edit_message_text(i18n._(progress_views.STOPPED), *where)

    @_in_recipient_language
    async def step_failed(
        self, job: Job, application: Application, message: Said, will_retry: bool
    ) -> None:
        if job.chat_id is None or job.kind == "embed":
            return
        chat_id, app = job.chat_id, application
        self._progress.pop(job.id, None)
        run = self._run(app, moves=app.has_step(job.kind) and not job.chain, new=False)
        run.lines[job.kind] = progress_views.failed(
            job.kind, i18n.said(message), will_retry=will_retry, existed=app.has_step(job.kind)
        )
        run.notes.pop(job.kind, None)
        run.finished = not will_retry
        if run.moves and not run.finished:
            return  # the retry's result will say it
        try:
            async with self._lock(chat_id):
                await self._show(app, [job] if will_retry else [], chat_id, run, fresh=run.moves)
        except Forbidden:
            return

    @_in_recipient_language
    async def digest(self, digest: Digest) -> None:
        from handlers.views.digest_render import digest_message

        text, markup = digest_message(digest)
        await self._send_or_gone(digest.user.chat_id, text, markup)

    @_in_recipient_language
    async def reminder(
        self, user: User, reminder: Reminder, application: Application | None
    ) -> None:
        from handlers.views.digest_render import reminder_message

        text, markup = reminder_message(reminder, application)
        await self._send_or_gone(user.chat_id, text, markup)

    async def _send_or_gone(self, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> None:
        """Send, or raise UserGone when the user can no longer be reached. A 429 is retried
        by the rate limiter (the one retry layer); if it still fails, the caller's claim is
        released and the scheduler tries again later."""
        try:
            await self._bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        except Forbidden as exc:
            raise UserGone(str(exc)) from None
        except BadRequest as exc:
            # The chat no longer exists (account deleted): as unreachable as blocked.
            if "chat not found" in exc.message.lower():
                raise UserGone(exc.message) from None
            raise
