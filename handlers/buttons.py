"""What every button handler shares: the action signature, the answer an action returns,
stale-button handling, and safe ways to replace a message.

Telegram takes exactly one answer per callback query, so actions never answer: they return
an `Answer` and handlers.callback_router answers with it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.services.applications import Card
from handlers.callbacks import Callback
from handlers.context import JobForgeContext, Services
from handlers.i18n import N_
from handlers.views import render
from storage.models import Application

STALE = N_("This button is no longer valid (the item may have been deleted).")
NO_LONGER_VALID = N_("This button is no longer valid.")


@dataclass(frozen=True)
class Answer:
    """How the router answers a press: a toast (or, with `alert`, a pop-up to dismiss; no
    text: the spinner just stops). `then` runs after the answer: the edits and messages the
    press causes, so the user sees the toast first, as before a slow send."""

    text: str = ""
    alert: bool = False
    then: Callable[[], Awaitable[None]] | None = None


SILENT = Answer()

Action = Callable[[CallbackQuery, Services, UUID, Callback, JobForgeContext], Awaitable[Answer]]


class Stale(Exception):
    """The button points at something this user does not (or no longer) have; the router
    answers with `msgid` (translated) as an alert."""

    def __init__(self, msgid: str = STALE) -> None:
        super().__init__(msgid)
        self.msgid = msgid


async def card_for(svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext) -> Card:
    """The application the button names, read under the presser's RLS context.

    The first call of a press takes the card the stale-card check just read (one
    transaction per press, not two); later calls, after the action changed something,
    read it again.
    """
    card, context.pressed_card = context.pressed_card, None
    if card is None or card.application.id != cb.target:
        card = await svc.applications.card(user_id, cb.target) if cb.target else None
    if card is None:
        raise Stale
    return card


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower() and query.message is not None:
            await query.get_bot().send_message(
                query.message.chat.id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )


async def show_menu(
    query: CallbackQuery,
    card: Card,
    question: str,
    keyboard: Callable[[Application], InlineKeyboardMarkup],
) -> None:
    await show(
        query,
        f"{render.card_text(card.application, None, card.reminder_due, card.resume_name)}"
        f"\n\n{question}",
        keyboard(card.application),
    )
