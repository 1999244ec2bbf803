"""❓ Check my gaps: one question per missing requirement, answered with buttons."""

from __future__ import annotations

from uuid import UUID

from telegram import CallbackQuery

from handlers.buttons import Answer, Stale, card_for, show
from handlers.callbacks import Callback
from handlers.context import JobForgeContext, Services
from handlers.i18n import _
from handlers.views import render


async def ask_gaps(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    question = await svc.gaps.next_question(user_id, card.application.id)
    if question is None:
        return Answer(_("Your resume shows everything this posting asks for."), alert=True)

    async def then() -> None:
        text, keyboard = render.gap_question(card.application, question)
        if query.message is not None:
            await query.get_bot().send_message(
                query.message.chat.id, text, parse_mode="HTML", reply_markup=keyboard
            )

    return Answer(_("Gap questions"), then=then)


async def answer_gap(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    arg = cb.arg or ""
    if cb.target is None or len(arg) < 2 or arg[0] not in "wcns" or not arg[1:].isdigit():
        raise Stale
    progress = await svc.gaps.answer(user_id, cb.target, int(arg[1:]), arg[0])
    card = await svc.applications.card(user_id, cb.target)
    if progress is None or card is None:
        raise Stale

    async def then() -> None:
        if progress.question is not None:
            text, keyboard = render.gap_question(card.application, progress.question)
        else:
            text, keyboard = render.gaps_done(
                card.application, progress.score_before, progress.score_now
            )
        await show(query, text, keyboard)

    return Answer(_("Skipped") if arg[0] == "s" else _("Noted"), then=then)
