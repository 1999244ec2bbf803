"""The Notifier that speaks Telegram: progress, streamed drafts, results and failures."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.documents.telegram_format import stream_preview
from bot.services.generation import STEP_LABELS
from bot.services.notifier import Digest, StepOutcome, StepStream, UserGone
from handlers import render
from handlers.callbacks import Verb, encode
from handlers.sending import send_markdown
from storage.models import Application, Job, Reminder, User

_log = logging.getLogger(__name__)
STREAM_INTERVAL_S = 1.0


class TelegramStepStream:
    """Shows a step as it is written: drafts in private chats, else throttled edits."""

    def __init__(self, bot: Bot, chat_id: int, message_id: int | None, label: str) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._message_id = message_id
        self._label = label
        self._text = ""
        self._last_push = 0.0
        self._blocked_until = 0.0
        self._use_drafts = chat_id > 0
        self._draft_id = secrets.randbelow(2**31 - 2) + 1
        self.pushes = 0

    async def delta(self, text: str) -> None:
        self._text += text
        now = time.monotonic()
        if now - self._last_push < STREAM_INTERVAL_S or now < self._blocked_until:
            return
        self._last_push = now
        await self._push()

    async def _push(self) -> None:
        preview = stream_preview(f"{self._label} (writing…)\n\n{self._text}", 4000)
        try:
            if self._use_drafts:
                try:
                    await self._bot.send_message_draft(self._chat_id, self._draft_id, preview)
                    self.pushes += 1
                    return
                except BadRequest:
                    self._use_drafts = False
            if self._message_id is not None:
                await self._bot.edit_message_text(preview, self._chat_id, self._message_id)
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


class TelegramNotifier:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self._progress: dict[object, tuple[int, int]] = {}
        # One step's messages finish before the next step of the same chat announces itself.
        self._chat_locks: dict[int, asyncio.Lock] = {}

    def _lock(self, chat_id: int) -> asyncio.Lock:
        return self._chat_locks.setdefault(chat_id, asyncio.Lock())

    async def step_started(self, job: Job, application: Application, resumed: bool) -> StepStream:
        label = STEP_LABELS.get(job.kind, job.kind)
        chat_id = job.chat_id
        if chat_id is None:
            from bot.services.notifier import SilentStream

            return SilentStream()
        intro = (
            f"♻️ Resuming {label.lower()} for {application.company_name} after a restart…"
            if resumed
            else f"⏳ Writing the {label.lower()} for {application.company_name}…"
        )
        message_id: int | None = None
        try:
            async with self._lock(chat_id):
                message = await self._bot.send_message(chat_id, intro)
            message_id = message.message_id
            self._progress[job.id] = (chat_id, message_id)
            await self._bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError:
            _log.warning("could not announce job %s", job.id, exc_info=True)
        return TelegramStepStream(self._bot, chat_id, message_id, label)

    async def _settle_progress(
        self, job: Job, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        where = self._progress.pop(job.id, None)
        if where is None:
            if job.chat_id is not None:
                await self._bot.send_message(job.chat_id, text, reply_markup=markup)
            return
        try:
            await self._bot.edit_message_text(text, where[0], where[1], reply_markup=markup)
        except BadRequest:
            await self._bot.send_message(where[0], text, reply_markup=markup)

    async def step_finished(self, outcome: StepOutcome) -> None:
        job, doc = outcome.job, outcome.document
        chat_id = job.chat_id
        if chat_id is None:
            return
        label = STEP_LABELS.get(doc.document_type, doc.document_type)
        async with self._lock(chat_id):
            await self._deliver(outcome, chat_id, label)

    async def _deliver(self, outcome: StepOutcome, chat_id: int, label: str) -> None:
        job, app, doc = outcome.job, outcome.application, outcome.document
        try:
            await self._settle_progress(job, f"✅ {label} ready (version {doc.version}).")
            slug = f"{app.company_name}_{doc.document_type}_v{doc.version}".replace(" ", "_")
            await send_markdown(
                self._bot,
                chat_id,
                doc.content,
                filename=f"{slug}.md",
                reply_markup=render.document_keyboard(app, doc.document_type, outcome.active_jobs),
            )
            notes: list[str] = []
            if outcome.removed_claims:
                listed = ", ".join(outcome.removed_claims[:10])
                notes.append(
                    f"🛡 {len(outcome.removed_claims)} unsupported claim(s) removed: "
                    f"{escape(listed)}"
                )
            if outcome.match_after is not None:
                notes.append(
                    f"🎯 Match rate {outcome.match_before}% → <b>{outcome.match_after}%</b>"
                )
                if outcome.missing_keywords:
                    notes.append(
                        "Still missing (only add what is true): "
                        + escape(", ".join(outcome.missing_keywords[:8]))
                    )
            notes += [f"ℹ️ {escape(note)}" for note in outcome.notes]
            if outcome.searchability:
                notes.append(render.searchability_text(outcome.searchability))
            if outcome.chain_stopped:
                notes.append("⏸ Stopped here: " + escape(outcome.chain_stopped))
            if outcome.used_related:
                notes.append("📎 Used your most similar past application as context.")
            text = render.card_text(app, outcome.active_jobs) + (
                "\n\n" + "\n".join(notes) if notes else ""
            )
            await self._bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=render.card_keyboard(app, outcome.active_jobs),
            )
        except Forbidden:
            _log.info("user of chat %s blocked the bot; result kept in the database", chat_id)

    async def step_cancelled(self, job: Job) -> None:
        where = self._progress.pop(job.id, None)
        if where is None:
            return  # nothing shown; a deleted user gets no new message
        with contextlib.suppress(TelegramError):
            await self._bot.edit_message_text("⏹ Stopped: your data was deleted.", *where)

    async def step_failed(
        self, job: Job, application: Application, message: str, will_retry: bool
    ) -> None:
        label = STEP_LABELS.get(job.kind, job.kind)
        if job.chat_id is None or job.kind == "embed":
            return
        if will_retry:
            text = f"⚠️ {label}: {message}\nI will retry automatically shortly."
            markup = None
        else:
            text = f"⚠️ {label} failed: {message}\nNothing was lost; tap Retry when ready."
            code = render.STEP_CODES.get(job.kind, "r")
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            "🔁 Retry", callback_data=encode(Verb.STEP, application.id, code)
                        ),
                        InlineKeyboardButton(
                            "↩️ Card", callback_data=encode(Verb.OPEN, application.id)
                        ),
                    ]
                ]
            )
        try:
            await self._settle_progress(job, text, markup)
        except Forbidden:
            return

    async def digest(self, digest: Digest) -> None:
        from handlers.digest_render import digest_message

        text, markup = digest_message(digest)
        await self._send_or_gone(digest.user.chat_id, text, markup)

    async def reminder(
        self, user: User, reminder: Reminder, application: Application | None
    ) -> None:
        from handlers.digest_render import reminder_message

        text, markup = reminder_message(reminder, application)
        await self._send_or_gone(user.chat_id, text, markup)

    async def _send_or_gone(self, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> None:
        for _ in range(3):
            try:
                await self._bot.send_message(
                    chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
                )
                return
            except Forbidden as exc:
                raise UserGone(str(exc)) from None
            except BadRequest as exc:
                # The chat no longer exists (account deleted): as unreachable as blocked.
                if "chat not found" in exc.message.lower():
                    raise UserGone(exc.message) from None
                raise
            except RetryAfter as exc:
                retry = exc.retry_after
                seconds = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
                await asyncio.sleep(seconds)
        raise TelegramError("gave up after repeated 429 replies")
