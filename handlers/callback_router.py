"""Routes every inline-button press to its action.

Callback data is parsed strictly (handlers.callbacks); an unknown or malformed button,
or one naming something the presser does not own, gets a polite answer and changes nothing.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.services.problems import InputProblem
from handlers import account, cards, document_buttons, gaps, lists, messages, resume, settings
from handlers.buttons import ANSWERED, STALE, Action, Stale
from handlers.callbacks import decode
from handlers.context import known_user_id, services


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    parsed = decode(query.data)
    action = ACTIONS.get(parsed.verb) if parsed else None
    if parsed is None or action is None:
        await query.answer("Unknown button. Try /applications.", show_alert=False)
        return
    user_id = await known_user_id(update, context)
    if user_id is None:
        await query.answer("Please send /start first.", show_alert=True)
        return
    try:
        await action(query, services(context), user_id, parsed, context)
    except Stale:
        if query.id not in ANSWERED:
            await query.answer(STALE, show_alert=True)
        ANSWERED.add(query.id)
    except InputProblem as problem:
        if query.id not in ANSWERED:
            await query.answer(problem.message[:190], show_alert=True)
        ANSWERED.add(query.id)
    if query.id in ANSWERED:
        ANSWERED.discard(query.id)
        return
    with contextlib.suppress(BadRequest):
        await query.answer()


ACTIONS: dict[str, Action] = {
    "open": cards.open_card,
    "step": cards.run_step,
    "all": cards.run_all,
    "doc": document_buttons.show_document,
    "regen": document_buttons.regenerate,
    "feedback": document_buttons.ask_feedback,
    "file": document_buttons.send_file,
    "similar": lists.show_similar,
    "gaps": gaps.ask_gaps,
    "gap": gaps.answer_gap,
    "stage": cards.stage_menu,
    "setstage": cards.set_stage,
    "remind": cards.remind_menu,
    "remindin": cards.remind_in,
    "reminddate": cards.remind_date,
    "export": cards.export_one,
    "edit": cards.edit_menu,
    "editf": cards.edit_field,
    "prio": cards.set_priority,
    "delete": cards.confirm_delete,
    "delyes": cards.delete,
    "rprim": resume.resume_primary,
    "rdel": resume.resume_delete,
    "radd": resume.resume_add,
    "rfix": resume.resume_fix,
    "rpage": resume.resume_page,
    "intent": messages.on_intent_button,
    "page": lists.show_page,
    "set": settings.on_settings_button,
    "rem": settings.on_reminder_button,
    "delme": account.confirm_delete_me,
}
