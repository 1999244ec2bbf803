"""Buttons on an application card: steps, stage, reminders, edit, export, delete.

Every press is resolved under the presser's RLS context: a forged, stale or foreign
button finds nothing (see handlers.buttons.Stale).
"""

from __future__ import annotations

import contextlib
from uuid import UUID

from telegram import CallbackQuery, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.services.conversation import Pending, Waiting
from bot.services.notifier import CardPlaces
from handlers import progress_views, render
from handlers.buttons import Ctx, Stale, answer, card_for, show, show_menu
from handlers.callbacks import Callback, Verb, decode
from handlers.context import Services
from handlers.i18n import _
from storage.models import Application, Job

# Buttons only a card carries: pressed on an older card, they say the card is out of date.
CARD_VERBS = frozenset(
    {Verb.ALL, Verb.STAGE, Verb.REMIND, Verb.EXPORT, Verb.EDIT, Verb.DELETE, Verb.GAPS}
    | {Verb.SIMILAR}
)


def is_card(message: object) -> bool:
    """A message showing an application card (it has the 🏷 Stage button), as opposed to a
    document, a list or a menu."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return any(
        (parsed := decode(button.callback_data if isinstance(button.callback_data, str) else None))
        is not None
        and parsed.verb is Verb.STAGE
        for row in message.reply_markup.inline_keyboard
        for button in row
    )


async def _retire(query: CallbackQuery, place: tuple[int, int]) -> None:
    """An older card loses its buttons (quietly: it may be gone or too old to edit)."""
    with contextlib.suppress(TelegramError):
        await query.get_bot().edit_message_reply_markup(place[0], place[1], reply_markup=None)


async def _adopt(
    query: CallbackQuery, svc: Services, user_id: UUID, app: Application, message_id: int
) -> None:
    """This message is now the application's living card; the previous one is retired."""
    if not isinstance(query.message, Message):
        return
    chat_id = query.message.chat.id
    if (app.card_chat_id, app.card_message_id) == (chat_id, message_id):
        return
    previous = await CardPlaces(svc.db).move(user_id, app.id, chat_id, message_id)
    if previous is not None:
        await _retire(query, previous)


async def refuse_stale_card(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback
) -> None:
    """A press on an older card of an application that has a newer one: its buttons go,
    and the user is told where the living card is (raises Stale after answering)."""
    message = query.message
    if cb.target is None or not isinstance(message, Message):
        return
    if cb.verb not in CARD_VERBS and not is_card(message):
        return
    place = await CardPlaces(svc.db).get(user_id, cb.target)
    if place is None or place[0] != message.chat.id or message.message_id >= place[1]:
        return
    if message.reply_markup is not None:
        await _retire(query, (message.chat.id, message.message_id))
    await answer(query, _(progress_views.CARD_OUT_OF_DATE), alert=True)
    raise Stale


async def render_card(
    query: CallbackQuery, svc: Services, user_id: UUID, app: Application, active: list[Job]
) -> None:
    """Show the card in the pressed message, which becomes the living card."""
    message = query.message
    if not isinstance(message, Message):
        return
    text = render.card_text(app, active)
    markup = progress_views.card_keyboard(app, active)
    shown = message.message_id
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            sent = await query.get_bot().send_message(
                message.chat.id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                disable_web_page_preview=True,
            )
            shown = sent.message_id
    await _adopt(query, svc, user_id, app, shown)


async def open_card(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    await render_card(query, svc, user_id, card.application, card.active_jobs)


async def run_step(
    query: CallbackQuery,
    svc: Services,
    user_id: UUID,
    cb: Callback,
    context: Ctx,
    *,
    feedback: str | None = None,
) -> None:
    """▶️ on the card edits the card in place; 🔁 under a document leaves the document be
    (the result arrives below it). While a step runs the card's buttons stay put and say so."""
    kind = render.CODE_STEPS.get(cb.arg or "")
    if cb.target is None or kind is None:
        raise Stale
    card = await card_for(svc, user_id, cb)
    running = progress_views.running_kinds(card.active_jobs)
    on_card = is_card(query.message)
    if kind in running or (on_card and running):
        await answer(query, progress_views.already_writing(kind if kind in running else running[0]))
        return
    if on_card and isinstance(query.message, Message):
        # Recorded before the job exists, so the worker edits this very message.
        await _adopt(query, svc, user_id, card.application, query.message.message_id)
    request = await svc.generation.request(
        user_id,
        cb.target,
        kind,
        feedback=feedback,
        chat_id=query.message.chat.id if query.message else None,
    )
    label = render.step_label(kind)
    if request.created:
        await answer(query, f"{label}: started. I will post it here when ready.")
    else:
        await answer(query, progress_views.already_writing(kind))
    if on_card:
        await render_card(query, svc, user_id, card.application, [request.job])
    svc.wake_worker()  # after the card shows ⏳, so the worker's progress edit comes last


async def run_all(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    card = await card_for(svc, user_id, cb)
    running = progress_views.running_kinds(card.active_jobs)
    if running:
        await answer(query, progress_views.already_writing(running[0]))
        return
    on_card = is_card(query.message)
    if on_card and isinstance(query.message, Message):
        await _adopt(query, svc, user_id, card.application, query.message.message_id)
    chat_id = query.message.chat.id if query.message else None
    request = await svc.generation.request_remaining(user_id, card.application.id, chat_id=chat_id)
    if request is None:
        await answer(query, _(progress_views.ALL_READY))
    else:
        await answer(query, "Generating the remaining steps, one after another.")
    if on_card:
        active = [request.job] if request is not None else []
        await render_card(query, svc, user_id, card.application, active)
    svc.wake_worker()


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
