"""Buttons on an application card: steps, stage, reminders, edit, export, delete.

Every press is resolved under the presser's RLS context: a forged, stale or foreign
button finds nothing (see handlers.buttons.Stale).
"""

from __future__ import annotations

from uuid import UUID

from telegram import CallbackQuery

from bot.services.conversation import Pending, Waiting
from bot.services.generation import STEP_LABELS
from handlers import render
from handlers.buttons import Ctx, Stale, answer, card_for, show, show_menu
from handlers.callbacks import Callback
from handlers.context import Services


async def open_card(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    await show(
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
        raise Stale
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
        await answer(query, f"{label}: started. I will post it here when ready.")
    else:
        await answer(query, f"{label} is already running.")
    await open_card(query, svc, user_id, cb, context)


async def run_all(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None:
        raise Stale
    chat_id = query.message.chat.id if query.message else None
    request = await svc.generation.request_remaining(user_id, cb.target, chat_id=chat_id)
    svc.wake_worker()
    if request is None:
        await answer(query, "All three documents are ready.")
    else:
        await answer(query, "Generating the remaining steps, one after another.")
    await open_card(query, svc, user_id, cb, context)


async def stage_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    await show_menu(query, card, "Choose the new stage:", render.stage_keyboard)


async def set_stage(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    if cb.arg is None:
        raise Stale
    follow_up = await svc.applications.set_stage(user_id, card.application.id, cb.arg)
    if follow_up is not None:
        await answer(
            query,
            f"Stage: {cb.arg}. I will remind you to follow up on {follow_up.due_at:%Y-%m-%d}.",
            alert=True,
        )
    else:
        await answer(query, f"Stage: {cb.arg}")
    await open_card(query, svc, user_id, cb, context)


async def remind_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    await show_menu(query, card, "When should I remind you?", render.remind_keyboard)


async def remind_in(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not (cb.arg or "").isdigit():
        raise Stale
    reminder = await svc.applications.remind_in_days(user_id, cb.target, int(cb.arg or "0"))
    await answer(query, f"⏰ Reminder set for {reminder.due_at:%Y-%m-%d %H:%M} UTC.", alert=True)
    await open_card(query, svc, user_id, cb, context)


async def remind_date(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    await card_for(svc, user_id, cb)
    await svc.applications.set_pending(user_id, Pending(Waiting.REMIND_DATE, application=cb.target))
    await answer(query, "Send a date")
    if query.message:
        await query.get_bot().send_message(
            query.message.chat.id, "Send the date as YYYY-MM-DD (I will remind you at 09:00)."
        )


async def export_one(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.account import send_export

    await card_for(svc, user_id, cb)
    await answer(query, "Preparing the export…")
    if query.message:
        await send_export(query.get_bot(), query.message.chat.id, svc, user_id, cb.target)


async def edit_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    await show_menu(query, card, "What do you want to change?", render.edit_keyboard)


async def edit_field(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    await card_for(svc, user_id, cb)
    if cb.arg not in ("company", "role", "location"):
        raise Stale
    await svc.applications.set_pending(
        user_id, Pending(Waiting.EDIT, application=cb.target, field=cb.arg)
    )
    await answer(query, f"Send the new {cb.arg}")
    if query.message:
        await query.get_bot().send_message(query.message.chat.id, f"Send the new {cb.arg}.")


async def set_priority(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not await svc.applications.set_priority(
        user_id, cb.target, cb.arg or ""
    ):
        raise Stale
    await answer(query, f"Priority: {cb.arg}")
    await open_card(query, svc, user_id, cb, context)


async def confirm_delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    await show(
        query,
        render.card_text(card.application)
        + "\n\n<b>Delete this application and all its documents?</b>",
        render.confirm_delete_keyboard(card.application),
    )


async def delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    if cb.target is None or not await svc.applications.delete(user_id, cb.target):
        raise Stale
    await answer(query, "Deleted.")
    await show(query, "🗑 Application deleted.", None)
