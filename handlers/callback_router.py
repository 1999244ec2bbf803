"""Routes every inline-button press to its action.

Callback data is parsed strictly (handlers.callbacks); an unknown or malformed button,
or one naming something the presser does not own, gets a polite answer and changes nothing.
Actions return an `Answer` (handlers.buttons); only this module answers callback queries.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot.services.problems import InputProblem
from handlers import account, cards, document_buttons, gaps, lists, messages, resume, settings
from handlers.buttons import Action, Answer, Stale
from handlers.callbacks import Verb, decode
from handlers.context import JobForgeContext, known_user_id
from handlers.i18n import _, said

_log = logging.getLogger(__name__)


async def on_callback(update: Update, context: JobForgeContext) -> None:
    """Answer each press exactly once (Telegram refuses a second answer), then do what the
    action left for after the answer."""
    query = update.callback_query
    if query is None:
        return
    reply = await _reply(update, query, context)
    if reply.text:
        await query.answer(reply.text[:190], show_alert=reply.alert)
    else:
        with contextlib.suppress(BadRequest):
            await query.answer()
    if reply.then is not None:
        try:
            await reply.then()
        except (Stale, InputProblem) as late:  # already answered: nothing more to say
            _log.info("button %s: %s after the answer", query.data, late)


async def _reply(update: Update, query: CallbackQuery, context: JobForgeContext) -> Answer:
    parsed = decode(query.data)
    action = ACTIONS.get(parsed.verb) if parsed else None
    if parsed is None or action is None:
        return Answer(_("Unknown button. Try /applications."))
    user_id = await known_user_id(update, context)
    if user_id is None:
        return Answer(_("Please send /start first."), alert=True)
    try:
        await cards.refuse_stale_card(query, context.services, user_id, parsed, context)
        return await action(query, context.services, user_id, parsed, context)
    except Stale as stale:
        return Answer(_(stale.msgid), alert=True)
    except InputProblem as problem:
        return Answer(said(problem), alert=True)


ACTIONS: dict[Verb, Action] = {
    Verb.OPEN: cards.open_card,
    Verb.STEP: cards.run_step,
    Verb.ALL: cards.run_all,
    Verb.DOC: document_buttons.show_document,
    Verb.REGEN: cards.run_step,  # 🔁 under a document: the same step again
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
    Verb.INTERVIEW: cards.ask_interview,
    Verb.PREP: cards.interview_prep,
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
    Verb.RESUME_RENAME: resume.resume_rename,
    Verb.RESUME_MOVE: resume.resume_move,
    Verb.RESUME_PAGE: resume.resume_page,
    Verb.INTENT: messages.on_intent_button,
    Verb.PAGE: lists.show_page,
    Verb.SETTING: settings.on_settings_button,
    Verb.REMINDER: settings.on_reminder_button,
    Verb.REMINDER_ITEM: lists.on_reminder_item,
    Verb.REMINDERS_PAGE: lists.show_reminders_page,
    Verb.DELETE_ME: account.confirm_delete_me,
}
