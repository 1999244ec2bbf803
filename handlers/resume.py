"""/resume: list, choose primary, delete, add."""

from __future__ import annotations

from uuid import UUID

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode

from bot.services.conversation import Pending, Waiting
from handlers.buttons import Answer, Stale, show
from handlers.callbacks import Callback
from handlers.context import JobForgeContext, Services, current_user_id
from handlers.i18n import _
from handlers.outbound.sending import send_markdown
from handlers.views import render


async def resume_command(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    svc = context.services
    resumes = await svc.resumes.list(user_id)
    text, markup = render.resume_list(resumes)
    if not resumes:
        await svc.applications.set_pending(user_id, Pending(Waiting.RESUME))
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def unknown_command(update: Update, context: JobForgeContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(_("Unknown command. See /help."))


async def resume_primary(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    others = await svc.resumes.set_primary(user_id, cb.target) if cb.target else None
    if cb.target is None or others is None:
        raise Stale
    target = cb.target
    answer = _refresh_list(query, svc, user_id, _("Primary resume changed."))
    if not others:
        return answer

    async def then() -> None:
        assert answer.then is not None
        await answer.then()
        if query.message:
            text, markup = render.move_offer(target, others)
            await query.get_bot().send_message(query.message.chat.id, text, reply_markup=markup)

    return Answer(answer.text, then=then)


async def resume_move(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """Open applications move to the new primary resume and are scored against it."""
    if cb.target is None:
        raise Stale
    moved = await svc.resumes.move_open_applications(user_id, cb.target)
    if not moved:
        raise Stale

    async def then() -> None:
        await show(query, render.moved(moved), None)

    return Answer(_("Scored again"), then=then)


async def resume_delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    if cb.target is None or not await svc.resumes.delete(user_id, cb.target):
        raise Stale
    return _refresh_list(query, svc, user_id, _("Resume deleted."))


async def _send(query: CallbackQuery, text: str) -> None:
    if query.message:
        await query.get_bot().send_message(query.message.chat.id, text)


async def resume_add(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    await svc.applications.set_pending(user_id, Pending(Waiting.RESUME))

    async def then() -> None:
        await _send(query, _("Paste the resume as text, or upload a PDF, DOCX or TXT file."))

    return Answer(_("Send the resume"), then=then)


async def resume_view(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """The stored text, as the bot reads it (what every match and document starts from)."""
    resume = next((r for r in await svc.resumes.list(user_id) if r.id == cb.target), None)
    if resume is None or query.message is None:
        raise Stale
    chat_id = query.message.chat.id

    async def then() -> None:
        text, keyboard = render.resume_saved(resume, await svc.resumes.reading(resume))
        await send_markdown(query.get_bot(), chat_id, resume.content, filename=f"{resume.name}.md")
        await query.get_bot().send_message(chat_id, text, parse_mode="HTML", reply_markup=keyboard)

    return Answer(resume.name[:60], then=then)


async def resume_fix(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """The file was misread: the next pasted text replaces this resume (nothing is lost
    until the user pastes)."""
    if cb.target is None or cb.target not in {r.id for r in await svc.resumes.list(user_id)}:
        raise Stale
    await svc.applications.set_pending(user_id, Pending(Waiting.RESUME, replace=cb.target))

    async def then() -> None:
        await _send(
            query,
            _(
                "Paste the whole resume as text; it will replace what I read from the file. "
                "(/cancel to keep it as it is)"
            ),
        )

    return Answer(_("Paste the resume as text"), then=then)


async def resume_rename(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    if cb.target is None or cb.target not in {r.id for r in await svc.resumes.list(user_id)}:
        raise Stale
    await svc.applications.set_pending(user_id, Pending(Waiting.RESUME_NAME, replace=cb.target))

    async def then() -> None:
        await _send(query, _("Send the new name, e.g. “CV – data roles”. (/cancel to keep it)"))

    return Answer(_("Send the new name"), then=then)


async def resume_page(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    page = int(cb.arg) if cb.arg and cb.arg.isdigit() else 1

    async def then() -> None:
        text, markup = render.resume_list(await svc.resumes.list(user_id), page)
        await show(query, text, markup)

    return Answer(_("Page {page}").format(page=page), then=then)


def _refresh_list(query: CallbackQuery, svc: Services, user_id: UUID, note: str) -> Answer:
    async def then() -> None:
        text, markup = render.resume_list(await svc.resumes.list(user_id))
        await show(query, text, markup)

    return Answer(note, then=then)
