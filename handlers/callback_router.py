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
from handlers.callbacks import Verb, decode
from handlers.context import known_user_id, services
from handlers.i18n import _


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    parsed = decode(query.data)
    action = ACTIONS.get(parsed.verb) if parsed else None
    if parsed is None or action is None:
        await query.answer(_("Unknown button. Try /applications."), show_alert=False)
        return
    user_id = await known_user_id(update, context)
    if user_id is None:
        await query.answer(_("Please send /start first."), show_alert=True)
        return
    try:
        await cards.refuse_stale_card(query, services(context), user_id, parsed)
        await action(query, services(context), user_id, parsed, context)
    except Stale:
        if query.id not in ANSWERED:
            await query.answer(_(STALE), show_alert=True)
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


ACTIONS: dict[Verb, Action] = {
    Verb.OPEN: cards.open_card,
    Verb.STEP: cards.run_step,
    Verb.ALL: cards.run_all,
    Verb.DOC: document_buttons.show_document,
    Verb.REGEN: document_buttons.regenerate,
    Verb.FEEDBACK: document_buttons.ask_feedback,
    Verb.FILE: document_buttons.send_file,
    Verb.SIMILAR: lists.show_similar,
    Verb.GAPS: gaps.ask_gaps,
    Verb.GAP: gaps.answer_gap,
    Verb.STAGE: cards.stage_menu,
    Verb.SET_STAGE: cards.set_stage,
    Verb.REMIND: cards.remind_menu,
    Verb.REMIND_IN: cards.remind_in,
    Verb.REMIND_DATE: cards.remind_date,
    Verb.EXPORT: cards.export_one,
    Verb.EDIT: cards.edit_menu,
    Verb.EDIT_FIELD: cards.edit_field,
    Verb.PRIORITY: cards.set_priority,
    Verb.DELETE: cards.confirm_delete,
    Verb.DELETE_YES: cards.delete,
    Verb.RESUME_PRIMARY: resume.resume_primary,
    Verb.RESUME_DELETE: resume.resume_delete,
    Verb.RESUME_ADD: resume.resume_add,
    Verb.RESUME_VIEW: resume.resume_view,
    Verb.RESUME_FIX: resume.resume_fix,
    Verb.RESUME_PAGE: resume.resume_page,
    Verb.INTENT: messages.on_intent_button,
    Verb.PAGE: lists.show_page,
    Verb.SETTING: settings.on_settings_button,
    Verb.REMINDER: settings.on_reminder_button,
    Verb.DELETE_ME: account.confirm_delete_me,
}
