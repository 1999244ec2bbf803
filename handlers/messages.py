"""Free text and uploads: what the user sends depends on what the bot is waiting for.

The waiting state lives in PostgreSQL (users.pending_input), so a restart mid-conversation
loses nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from uuid import UUID

from babel.numbers import format_decimal
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest

from bot.documents.reading import MAX_UPLOAD_BYTES
from bot.documents.web import looks_like_url
from bot.generation.intent import Intent, read_intent
from bot.services.conversation import Pending, Waiting
from bot.services.postings import DuplicatePosting
from bot.services.problems import InputProblem
from bot.services.schedule import zone_of
from handlers.buttons import Answer, Stale
from handlers.callbacks import Callback, Verb, encode
from handlers.context import JobForgeContext, Services, current_user_id, whole_paste
from handlers.i18n import _, current_locale, said
from handlers.views import card_answers, progress_views, render
from storage.models import Application, Resume

_log = logging.getLogger(__name__)
MIN_IDLE_POSTING_CHARS = 50


async def on_text(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    user_id = await current_user_id(update, context)
    svc = context.services
    pending = await svc.applications.pending(user_id)
    text = await whole_paste(update, context) or message.text
    if pending.waiting == Waiting.NOTHING and looks_like_url(text.strip()):
        pending = Pending(Waiting.POSTING)
    try:
        await _REPLIES[pending.waiting](message, svc, user_id, pending, text, context)
    except InputProblem as problem:
        await message.reply_text(said(problem))


async def _by_intent(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    """Text typed outside any prompt: decide what it is before storing anything."""
    reading = read_intent(text)
    if reading.intent == Intent.REQUEST and reading.document is not None:
        await _route_request(message, svc, user_id, text, reading.document)
    elif reading.intent == Intent.SHORT:
        await message.reply_text(render.short_text_hint())
    elif reading.intent == Intent.POSTING:
        await _save_posting(message, svc, user_id, text, explicit=False)
    else:
        stored = await svc.resumes.stored_copy(user_id, text)
        if stored is not None:
            await message.reply_text(
                render.resume_already_stored(stored), parse_mode=ParseMode.HTML
            )
            return
        await svc.applications.set_pending(user_id, Pending(Waiting.CHOICE, text=text))
        question, keyboard = render.ask_intent(reading.intent == Intent.RESUME)
        await message.reply_text(question, reply_markup=keyboard)


async def _route_request(
    message: Message, svc: Services, user_id: UUID, text: str, kind: str
) -> None:
    """ "Make the cover letter shorter": feedback on the latest such document."""
    app = await svc.applications.latest_with_document(user_id, kind)
    if app is None:
        await message.reply_text(render.no_document_for_request(kind))
        return
    request = await svc.generation.request(
        user_id, app.id, kind, feedback=text, chat_id=message.chat_id
    )
    svc.wake_worker()
    await message.reply_text(render.request_accepted(app, kind, request.created))


async def resolve_choice(
    message: Message, svc: Services, user_id: UUID, pending: Pending, choice: str
) -> None:
    """The user answered "resume or posting?" for the text kept in `pending`."""
    text = pending.text or ""
    await svc.applications.set_pending(user_id, Pending())
    if choice == "resume":
        await _store_resume_text(message, svc, user_id, text)
    else:
        await _save_posting(message, svc, user_id, text, explicit=True)


async def _store_resume_text(
    message: Message,
    svc: Services,
    user_id: UUID,
    text: str,
    *,
    replace: UUID | None = None,
    kept_posting: str | None = None,
) -> None:
    try:
        resume = await svc.resumes.add_text(user_id, text, replace=replace)
    except InputProblem as problem:
        if problem.code != "posting_not_resume":
            raise
        # A job posting sent before any resume: keep it and add it once the resume is in.
        await svc.applications.set_pending(user_id, Pending(Waiting.RESUME, text=text))
        await message.reply_text(render.posting_kept())
        return
    await svc.applications.set_pending(user_id, Pending())
    await _resume_saved(message, svc, resume, kept_posting)


async def _resume_saved(
    message: Message, svc: Services, resume: Resume, kept_posting: str | None = None
) -> None:
    text, keyboard = render.resume_saved(resume, await svc.resumes.reading(resume))
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    if kept_posting:
        await _save_posting(message, svc, user_id=resume.user_id, text=kept_posting, explicit=True)


async def _save_posting(
    message: Message, svc: Services, user_id: UUID, text: str, *, explicit: bool
) -> None:
    stripped = text.strip()
    is_url = looks_like_url(stripped)
    if not is_url and not explicit and len(stripped) < MIN_IDLE_POSTING_CHARS:
        await message.reply_text(
            _(
                "Paste a whole job description (or a link to one) and I will save it.\n"
                "See /help for everything I can do."
            )
        )
        return
    await message.chat.send_action(ChatAction.TYPING)
    try:
        if is_url:
            app = await svc.postings.create_from_url(user_id, stripped)
        else:
            app = await svc.postings.create(user_id, text)
    except DuplicatePosting as dup:
        await message.reply_text(
            _("You already saved this job posting."),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            _("Open it"), callback_data=encode(Verb.OPEN, dup.existing_id)
                        )
                    ]
                ]
            ),
        )
        return
    except InputProblem as problem:
        if problem.code.startswith("fetch_"):
            await message.reply_text(
                said(problem) + "\n" + _("You can also paste the job description text here.")
            )
            await svc.applications.set_pending(user_id, Pending(Waiting.POSTING))
            return
        raise
    await svc.applications.set_pending(user_id, Pending())
    await send_card(message, app)


async def send_card(message: Message, app: Application) -> None:
    await message.reply_text(
        render.card_text(app),
        parse_mode=ParseMode.HTML,
        reply_markup=progress_views.card_keyboard(app),
        disable_web_page_preview=True,
    )


async def _card_again(message: Message, svc: Services, user_id: UUID, app_id: UUID) -> None:
    """The card as it is now, below the user's answer that changed it."""
    card = await svc.applications.card(user_id, app_id)
    if card:
        await send_card(message, card.application)


async def _regenerate_with_feedback(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    context: JobForgeContext,
) -> None:
    app_id, kind = pending.application, pending.kind
    if app_id is None or kind is None:
        raise InputProblem(_("That request expired; open the document again."))
    await svc.applications.set_pending(user_id, Pending())
    request = await svc.generation.request(
        user_id, app_id, kind, feedback=text, chat_id=message.chat_id
    )
    svc.wake_worker()
    if not request.created:
        await message.reply_text(_("That step is already running; I will send it when ready."))
    else:
        await message.reply_text(_("👍 Got it. Regenerating with your feedback…"))


async def _edit_field(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    app_id = pending.application
    if app_id is None or not await svc.applications.edit(
        user_id, app_id, pending.field or "", text
    ):
        await svc.applications.set_pending(user_id, Pending())
        await message.reply_text(_("That application no longer exists."))
        return
    await svc.applications.set_pending(user_id, Pending())
    await _card_again(message, svc, user_id, app_id)


async def _remind_on(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    if pending.application is None:
        raise InputProblem(_("That reminder request expired; open the card again."))
    reminder = await svc.applications.remind_on(user_id, pending.application, text)
    await svc.applications.set_pending(user_id, Pending())
    zone = zone_of((await svc.settings.get(user_id)).timezone)
    await message.reply_text(card_answers.reminder_on(reminder.due_at, zone))


async def _book_interview(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    if pending.application is None:
        raise InputProblem(_("That request expired; open the card again."))
    booked = await svc.interview.book(user_id, pending.application, text)
    await svc.applications.set_pending(user_id, Pending())
    zone = zone_of((await svc.settings.get(user_id)).timezone)
    await message.reply_text(card_answers.interview_booked(booked.at, booked.reminder_at, zone))
    await _card_again(message, svc, user_id, pending.application)


async def _rename_resume(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    if pending.replace is None or not await svc.resumes.rename(user_id, pending.replace, text):
        await svc.applications.set_pending(user_id, Pending())
        raise InputProblem(_("That resume no longer exists; see /resume."))
    await svc.applications.set_pending(user_id, Pending())
    listing, markup = render.resume_list(await svc.resumes.list(user_id))
    await message.reply_text(listing, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _set_timezone(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    user = await svc.settings.update(user_id, timezone=text.strip())
    await svc.applications.set_pending(user_id, Pending())
    await message.reply_text(
        _("🕒 Time zone set to {zone}. See /settings.").format(zone=user.timezone)
    )


async def on_document(update: Update, context: JobForgeContext) -> None:
    """An uploaded file is a resume (the only files we accept)."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    user_id = await current_user_id(update, context)
    svc = context.services
    document = message.document
    filename = document.file_name or "resume"
    if document.file_size and document.file_size > MAX_UPLOAD_BYTES:
        size = format_decimal(document.file_size / 1_000_000, format="0.0", locale=current_locale())
        await message.reply_text(
            _(
                "That file is {size} MB; the limit is 20 MB. "
                "Send a smaller PDF, DOCX or TXT, or paste the text."
            ).format(size=size)
        )
        return
    await message.chat.send_action(ChatAction.TYPING)
    telegram_file = await document.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    try:
        resume = await svc.resumes.add_file(user_id, filename, data, document.mime_type)
    except InputProblem as problem:
        await message.reply_text(said(problem))
        return
    pending = await svc.applications.pending(user_id)
    kept = pending.text if pending.waiting == Waiting.RESUME else None
    await svc.applications.set_pending(user_id, Pending())
    await _resume_saved(message, svc, resume, kept)


async def on_other(update: Update, context: JobForgeContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(
            _(
                "I can read text, links and resume files (PDF, DOCX, TXT). "
                "Photos, stickers and voice messages are not supported."
            )
        )


async def on_intent_button(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """ "📄 My resume" / "📌 A job posting" under the question about a pasted text."""
    pending = await svc.applications.pending(user_id)
    message = query.message
    choice = cb.arg
    if (
        pending.waiting != Waiting.CHOICE
        or choice not in ("resume", "posting")
        or not isinstance(message, Message)
    ):
        raise Stale

    async def then() -> None:
        with contextlib.suppress(BadRequest):
            await message.edit_reply_markup(None)
        try:
            await resolve_choice(message, svc, user_id, pending, choice)
        except InputProblem as problem:
            await message.reply_text(said(problem))

    return Answer(
        _("Saving as your resume") if choice == "resume" else _("Saving the job"), then=then
    )


async def _resume_reply(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    await _store_resume_text(
        message, svc, user_id, text, replace=pending.replace, kept_posting=pending.text
    )


async def _posting_reply(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    _context: JobForgeContext,
) -> None:
    await _save_posting(message, svc, user_id, text, explicit=True)


async def _search_reply(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    context: JobForgeContext,
) -> None:
    from handlers.lists import run_search

    await svc.applications.set_pending(user_id, Pending())
    await run_search(message, context, user_id, text)


async def _choice_reply(
    message: Message,
    svc: Services,
    user_id: UUID,
    pending: Pending,
    text: str,
    context: JobForgeContext,
) -> None:
    """A new text while a question about the previous one is open: the new one counts."""
    await svc.applications.set_pending(user_id, Pending())
    await _by_intent(message, svc, user_id, Pending(), text, context)


_Reply = Callable[[Message, Services, UUID, Pending, str, JobForgeContext], Awaitable[None]]
# What a text means depends on what the bot is waiting for: one entry per state.
_REPLIES: dict[Waiting, _Reply] = {
    Waiting.NOTHING: _by_intent,
    Waiting.RESUME: _resume_reply,
    Waiting.RESUME_NAME: _rename_resume,
    Waiting.POSTING: _posting_reply,
    Waiting.FEEDBACK: _regenerate_with_feedback,
    Waiting.EDIT: _edit_field,
    Waiting.REMIND_DATE: _remind_on,
    Waiting.INTERVIEW_DATE: _book_interview,
    Waiting.TIMEZONE: _set_timezone,
    Waiting.SEARCH: _search_reply,
    Waiting.CHOICE: _choice_reply,
}
