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

from bot.services.applications import Card
from bot.services.conversation import Pending, Waiting
from bot.services.notifier import CardPlaces
from bot.services.schedule import zone_of
from handlers.buttons import SILENT, Answer, Stale, card_for, show, show_menu
from handlers.callbacks import Callback, Verb, decode
from handlers.context import JobForgeContext, Services
from handlers.i18n import _
from handlers.outbound.sending import send_export, send_markdown
from handlers.views import card_answers, progress_views, render
from storage.models import Application, Job, Stage

# Buttons only a card carries: pressed on an older card, they say the card is out of date.
CARD_VERBS = frozenset(
    {Verb.ALL, Verb.STAGE, Verb.REMIND, Verb.EXPORT, Verb.EDIT, Verb.DELETE, Verb.GAPS}
    | {Verb.SIMILAR, Verb.INTERVIEW, Verb.PREP}
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
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> None:
    """A press on an older card of an application that has a newer one: its buttons go,
    and the user is told where the living card is (raises Stale). The card read here is
    the one the action gets from card_for."""
    message = query.message
    if cb.target is None or not isinstance(message, Message):
        return
    if cb.verb not in CARD_VERBS and not is_card(message):
        return
    card = context.pressed_card = await svc.applications.card(user_id, cb.target)
    if card is None:
        return  # the action's card_for says it is gone
    place = card.application.card_chat_id, card.application.card_message_id
    if place[0] != message.chat.id or place[1] is None or message.message_id >= place[1]:
        return
    if message.reply_markup is not None:
        await _retire(query, (message.chat.id, message.message_id))
    raise Stale(card_answers.CARD_OUT_OF_DATE)


async def render_card(
    query: CallbackQuery, svc: Services, user_id: UUID, card: Card, active: list[Job]
) -> None:
    """Show the card in the pressed message, which becomes the living card; `active` are
    the steps running now (they may have started after `card` was read)."""
    message = query.message
    if not isinstance(message, Message):
        return
    app = card.application
    text = render.card_text(app, active, card.reminder_due, card.resume_name)
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
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    await render_card(query, svc, user_id, card, card.active_jobs)
    return SILENT


async def run_step(
    query: CallbackQuery,
    svc: Services,
    user_id: UUID,
    cb: Callback,
    context: JobForgeContext,
    *,
    feedback: str | None = None,
) -> Answer:
    """▶️ on the card edits the card in place; 🔁 under a document leaves the document be
    (the result arrives below it). While a step runs the card's buttons stay put and say so."""
    kind = render.CODE_STEPS.get(cb.arg or "")
    if cb.target is None or kind is None:
        raise Stale
    card = await card_for(svc, user_id, cb, context)
    running = progress_views.running_kinds(card.active_jobs)
    on_card = is_card(query.message)
    if kind in running or (on_card and running):
        return Answer(card_answers.already_writing(kind if kind in running else running[0]))
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

    async def then() -> None:
        if on_card:
            await render_card(query, svc, user_id, card, [request.job])
        svc.wake_worker()  # after the card shows ⏳, so the worker's progress edit comes last

    if request.created:
        return Answer(card_answers.step_started(kind), then=then)
    return Answer(card_answers.already_writing(kind), then=then)


async def run_all(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    running = progress_views.running_kinds(card.active_jobs)
    if running:
        return Answer(card_answers.already_writing(running[0]))
    on_card = is_card(query.message)
    if on_card and isinstance(query.message, Message):
        await _adopt(query, svc, user_id, card.application, query.message.message_id)
    chat_id = query.message.chat.id if query.message else None
    request = await svc.generation.request_remaining(user_id, card.application.id, chat_id=chat_id)

    async def then() -> None:
        if on_card:
            active = [request.job] if request is not None else []
            await render_card(query, svc, user_id, card, active)
        svc.wake_worker()

    if request is None:
        return Answer(card_answers.all_ready(), then=then)
    return Answer(card_answers.generating_remaining(), then=then)


async def stage_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    await show_menu(query, card, _(card_answers.CHOOSE_STAGE), render.stage_keyboard)
    return SILENT


async def set_stage(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    if cb.arg is None:
        raise Stale
    follow_up = await svc.applications.set_stage(user_id, card.application.id, cb.arg)
    interviewing = cb.arg == Stage.INTERVIEWING and card.application.stage != Stage.INTERVIEWING
    if interviewing:
        await svc.applications.set_pending(
            user_id, Pending(Waiting.INTERVIEW_DATE, application=card.application.id)
        )

    async def then() -> None:
        await open_card(query, svc, user_id, cb, context)
        if interviewing:
            await _send(query, card_answers.ask_interview_date())

    if follow_up is not None:
        zone = zone_of((await svc.settings.get(user_id)).timezone)
        answer = card_answers.stage_set(cb.arg, follow_up.due_at, zone)
        return Answer(answer, alert=True, then=then)
    return Answer(card_answers.stage_set(cb.arg), then=then)


async def remind_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    await show_menu(query, card, _(card_answers.WHEN_TO_REMIND), render.remind_keyboard)
    return SILENT


async def remind_in(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    if cb.target is None or not (cb.arg or "").isdigit():
        raise Stale
    reminder = await svc.applications.remind_in_days(user_id, cb.target, int(cb.arg or "0"))

    async def then() -> None:
        await open_card(query, svc, user_id, cb, context)

    zone = zone_of((await svc.settings.get(user_id)).timezone)
    return Answer(card_answers.reminder_set(reminder.due_at, zone), alert=True, then=then)


async def ask_interview(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    await svc.applications.set_pending(
        user_id, Pending(Waiting.INTERVIEW_DATE, application=card.application.id)
    )

    async def then() -> None:
        await _send(query, card_answers.ask_interview_date())

    return Answer(card_answers.send_a_date(), then=then)


async def interview_prep(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """Likely questions, the user's own STAR stories and the gaps to prepare for, sent as a
    document message (with its .md file when long) under the card."""
    card = await card_for(svc, user_id, cb, context)
    prep = await svc.interview.prep(user_id, card.application.id)
    if prep is None or query.message is None:
        raise Stale
    chat_id = query.message.chat.id

    async def then() -> None:
        await send_markdown(
            query.get_bot(),
            chat_id,
            prep.content,
            filename=f"interview_prep_v{prep.version}.md",
            reply_markup=render.prep_keyboard(card.application),
        )

    return Answer(card_answers.prep_ready(prep.version, prep.stored), then=then)


async def _send(query: CallbackQuery, text: str) -> None:
    """A new message below the pressed one (a prompt the user answers by typing)."""
    if query.message:
        await query.get_bot().send_message(query.message.chat.id, text)


async def remind_date(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    await card_for(svc, user_id, cb, context)
    await svc.applications.set_pending(user_id, Pending(Waiting.REMIND_DATE, application=cb.target))

    async def then() -> None:
        await _send(query, card_answers.ask_date())

    return Answer(card_answers.send_a_date(), then=then)


async def export_one(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    await card_for(svc, user_id, cb, context)

    async def then() -> None:
        if query.message:
            data, count = await svc.export.build(user_id, cb.target)
            await send_export(query.get_bot(), query.message.chat.id, data, count)

    return Answer(card_answers.preparing_export(), then=then)


async def edit_menu(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    await show_menu(query, card, _(card_answers.WHAT_TO_CHANGE), render.edit_keyboard)
    return SILENT


async def edit_field(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    await card_for(svc, user_id, cb, context)
    if cb.arg not in card_answers.EDIT_PROMPTS:
        raise Stale
    await svc.applications.set_pending(
        user_id, Pending(Waiting.EDIT, application=cb.target, field=cb.arg)
    )

    prompt = card_answers.ask_field(cb.arg)

    async def then() -> None:
        await _send(query, prompt)

    return Answer(prompt.rstrip("."), then=then)


async def set_priority(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    if cb.target is None or not await svc.applications.set_priority(
        user_id, cb.target, cb.arg or ""
    ):
        raise Stale

    async def then() -> None:
        await open_card(query, svc, user_id, cb, context)

    return Answer(card_answers.priority_set(cb.arg or ""), then=then)


async def confirm_delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    card = await card_for(svc, user_id, cb, context)
    await show(
        query,
        f"{render.card_text(card.application)}\n\n{card_answers.confirm_delete()}",
        render.confirm_delete_keyboard(card.application),
    )
    return SILENT


async def delete(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    if cb.target is None or not await svc.applications.delete(user_id, cb.target):
        raise Stale

    async def then() -> None:
        await show(query, card_answers.application_deleted(), None)

    return Answer(card_answers.deleted(), then=then)
