"""Buttons on application cards, documents and resume lists.

Every press is parsed strictly and resolved under the presser's RLS context: a forged,
stale or foreign button finds nothing and gets a polite answer.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from uuid import UUID

from telegram import CallbackQuery, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.documents.export import markdown_to_docx, markdown_to_pdf
from bot.services.generation import STEP_LABELS
from bot.services.problems import InputProblem
from handlers import render
from handlers.callbacks import Callback, decode
from handlers.context import Services, current_user_id, services

_log = logging.getLogger(__name__)
Ctx = ContextTypes.DEFAULT_TYPE
_ANSWERED: set[str] = set()
STALE = "This button is no longer valid (the item may have been deleted)."

Action = Callable[
    [CallbackQuery, Services, UUID, Callback, ContextTypes.DEFAULT_TYPE], Awaitable[None]
]


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    parsed = decode(query.data)
    action = ACTIONS.get(parsed.verb) if parsed else None
    if parsed is None or action is None:
        await query.answer("Unknown button. Try /applications.", show_alert=False)
        return
    user_id = await current_user_id(update, context)
    try:
        await action(query, services(context), user_id, parsed, context)
    except InputProblem as problem:
        if query.id not in _ANSWERED:
            await query.answer(problem.message[:190], show_alert=True)
        _ANSWERED.add(query.id)
    if query.id in _ANSWERED:
        _ANSWERED.discard(query.id)
        return
    with contextlib.suppress(BadRequest):
        await query.answer()


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower() and query.message is not None:
            await query.get_bot().send_message(
                query.message.chat.id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )


async def _answer(query: CallbackQuery, text: str, alert: bool = False) -> None:
    await query.answer(text[:190], show_alert=alert)
    _ANSWERED.add(query.id)


async def open_card(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None:
        await _answer(query, STALE, alert=True)
        return
    await _show(
        query,
        render.card_text(card.application, card.active_jobs),
        render.card_keyboard(card.application, card.active_jobs),
    )


async def run_step(
    query: CallbackQuery,
    svc: Services,
    user_id: UUID,
    cb: Callback,
    context: Ctx,
    *,
    feedback: str | None = None,
) -> None:
    kind = render.CODE_STEPS.get(cb.arg or "")
    if cb.target is None or kind is None:
        await _answer(query, STALE, alert=True)
        return
    request = await svc.generation.request(
        user_id,
        cb.target,
        kind,
        feedback=feedback,
        chat_id=query.message.chat.id if query.message else None,
    )
    svc.wake_worker()
    label = STEP_LABELS[kind]
    if request.created:
        await _answer(query, f"{label}: started. I will post it here when ready.")
    else:
        await _answer(query, f"{label} is already running.")
    await open_card(query, svc, user_id, cb, context)


async def run_all(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None:
        await _answer(query, STALE, alert=True)
        return
    chat_id = query.message.chat.id if query.message else None
    request = await svc.generation.request_remaining(user_id, cb.target, chat_id=chat_id)
    svc.wake_worker()
    if request is None:
        await _answer(query, "All three documents are ready.")
    else:
        await _answer(query, "Generating the remaining steps, one after another.")
    await open_card(query, svc, user_id, cb, context)


async def show_document(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.sending import send_markdown

    kind = render.CODE_STEPS.get(cb.arg or "")
    card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None or kind is None:
        await _answer(query, STALE, alert=True)
        return
    doc = await svc.applications.document(user_id, card.application.id, kind)
    if doc is None or query.message is None:
        await _answer(query, "Not generated yet.", alert=True)
        return
    await _answer(query, f"{STEP_LABELS[kind]} (version {doc.version})")
    await send_markdown(
        query.get_bot(),
        query.message.chat.id,
        doc.content,
        filename=f"{kind}_v{doc.version}.md",
        reply_markup=render.document_keyboard(card.application, kind),
    )


async def regenerate(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    await run_step(query, svc, user_id, cb, context, feedback=None)


async def ask_feedback(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    kind = render.CODE_STEPS.get(cb.arg or "")
    if cb.target is None or kind is None or await svc.applications.card(user_id, cb.target) is None:
        await _answer(query, STALE, alert=True)
        return
    await svc.applications.set_pending(
        user_id, {"await": "feedback", "app": str(cb.target), "kind": kind}
    )
    await _answer(query, "Send your feedback")
    if query.message:
        await query.get_bot().send_message(
            query.message.chat.id,
            f"What should change in the {STEP_LABELS[kind].lower()}? For example "
            "“shorter”, “stress leadership”, “in German”. (/cancel to stop)",
        )


async def send_file(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    code, _, ext = (cb.arg or "").partition(".")
    kind = render.CODE_STEPS.get(code)
    if cb.target is None or kind is None or ext not in ("docx", "pdf") or query.message is None:
        await _answer(query, STALE, alert=True)
        return
    doc = await svc.applications.document(user_id, cb.target, kind)
    if doc is None:
        await _answer(query, STALE, alert=True)
        return
    title = STEP_LABELS[kind]
    data = (
        markdown_to_docx(doc.content, title)
        if ext == "docx"
        else markdown_to_pdf(doc.content, title)
    )
    await _answer(query, f"Sending {ext.upper()}…")
    await query.get_bot().send_document(
        query.message.chat.id, InputFile(data, filename=f"{kind}_v{doc.version}.{ext}")
    )


async def similar(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.lists import show_similar

    await show_similar(query, svc, user_id, cb)


async def stage_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None:
        await _answer(query, STALE, alert=True)
        return
    await _show(
        query,
        render.card_text(card.application) + "\n\nChoose the new stage:",
        render.stage_keyboard(card.application),
    )


async def set_stage(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or cb.arg is None:
        await _answer(query, STALE, alert=True)
        return
    if await svc.applications.card(user_id, cb.target) is None:
        await _answer(query, STALE, alert=True)
        return
    follow_up = await svc.applications.set_stage(user_id, cb.target, cb.arg)
    if follow_up is not None:
        await _answer(
            query,
            f"Stage: {cb.arg}. I will remind you to follow up on {follow_up.due_at:%Y-%m-%d}.",
            alert=True,
        )
    else:
        await _answer(query, f"Stage: {cb.arg}")
    await open_card(query, svc, user_id, cb, context)


async def remind_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None:
        await _answer(query, STALE, alert=True)
        return
    await _show(
        query,
        render.card_text(card.application) + "\n\nWhen should I remind you?",
        render.remind_keyboard(card.application),
    )


async def remind_in(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not (cb.arg or "").isdigit():
        await _answer(query, STALE, alert=True)
        return
    reminder = await svc.applications.remind_in_days(user_id, cb.target, int(cb.arg or "0"))
    await _answer(query, f"⏰ Reminder set for {reminder.due_at:%Y-%m-%d %H:%M} UTC.", alert=True)
    await open_card(query, svc, user_id, cb, context)


async def remind_date(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or await svc.applications.card(user_id, cb.target) is None:
        await _answer(query, STALE, alert=True)
        return
    await svc.applications.set_pending(user_id, {"await": "remind_date", "app": str(cb.target)})
    await _answer(query, "Send a date")
    if query.message:
        await query.get_bot().send_message(
            query.message.chat.id, "Send the date as YYYY-MM-DD (I will remind you at 09:00)."
        )


async def export_one(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.account import send_export

    if cb.target is None or await svc.applications.card(user_id, cb.target) is None:
        await _answer(query, STALE, alert=True)
        return
    await _answer(query, "Preparing the export…")
    if query.message:
        await send_export(query.get_bot(), query.message.chat.id, svc, user_id, cb.target)


async def edit_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None:
        await _answer(query, STALE, alert=True)
        return
    await _show(
        query,
        render.card_text(card.application) + "\n\nWhat do you want to change?",
        render.edit_keyboard(card.application),
    )


async def edit_field(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or cb.arg not in ("company", "role", "location"):
        await _answer(query, STALE, alert=True)
        return
    if await svc.applications.card(user_id, cb.target) is None:
        await _answer(query, STALE, alert=True)
        return
    await svc.applications.set_pending(
        user_id, {"await": "edit", "app": str(cb.target), "field": cb.arg}
    )
    await _answer(query, f"Send the new {cb.arg}")
    if query.message:
        await query.get_bot().send_message(query.message.chat.id, f"Send the new {cb.arg}.")


async def set_priority(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not await svc.applications.set_priority(
        user_id, cb.target, cb.arg or ""
    ):
        await _answer(query, STALE, alert=True)
        return
    await _answer(query, f"Priority: {cb.arg}")
    await open_card(query, svc, user_id, cb, context)


async def confirm_delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None:
        await _answer(query, STALE, alert=True)
        return
    await _show(
        query,
        render.card_text(card.application)
        + "\n\n<b>Delete this application and all its documents?</b>",
        render.confirm_delete_keyboard(card.application),
    )


async def delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not await svc.applications.delete(user_id, cb.target):
        await _answer(query, STALE, alert=True)
        return
    await _answer(query, "Deleted.")
    await _show(query, "🗑 Application deleted.", None)


async def resume_primary(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not await svc.resumes.set_primary(user_id, cb.target):
        await _answer(query, STALE, alert=True)
        return
    await _answer(query, "Primary resume changed.")
    text, markup = render.resume_list(await svc.resumes.list(user_id))
    await _show(query, text, markup)


async def resume_delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not await svc.resumes.delete(user_id, cb.target):
        await _answer(query, STALE, alert=True)
        return
    await _answer(query, "Resume deleted.")
    text, markup = render.resume_list(await svc.resumes.list(user_id))
    await _show(query, text, markup)


async def resume_add(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    await svc.applications.set_pending(user_id, {"await": "resume"})
    await _answer(query, "Send the resume")
    if query.message:
        await query.get_bot().send_message(
            query.message.chat.id, "Paste the resume as text, or upload a PDF, DOCX or TXT file."
        )


async def page(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.lists import show_page

    await show_page(query, svc, user_id, cb)


async def settings(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.settings import on_settings_button

    await on_settings_button(query, svc, user_id, cb)


async def reminder_action(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.settings import on_reminder_button

    await on_reminder_button(query, svc, user_id, cb)


async def delete_me(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.account import confirm_delete_me

    await confirm_delete_me(query, svc, user_id, cb, context)


ACTIONS: dict[str, Action] = {
    "open": open_card,
    "step": run_step,
    "all": run_all,
    "doc": show_document,
    "regen": regenerate,
    "feedback": ask_feedback,
    "file": send_file,
    "similar": similar,
    "stage": stage_menu,
    "setstage": set_stage,
    "remind": remind_menu,
    "remindin": remind_in,
    "reminddate": remind_date,
    "export": export_one,
    "edit": edit_menu,
    "editf": edit_field,
    "prio": set_priority,
    "delete": confirm_delete,
    "delyes": delete,
    "rprim": resume_primary,
    "rdel": resume_delete,
    "radd": resume_add,
    "page": page,
    "set": settings,
    "rem": reminder_action,
    "delme": delete_me,
}
