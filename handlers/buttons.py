"""What every button handler shares: the action signature, stale-button handling, and
safe ways to answer and to replace a message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.services.applications import Card
from handlers import render
from handlers.callbacks import Callback
from handlers.context import Services
from handlers.i18n import N_
from storage.models import Application

Ctx = ContextTypes.DEFAULT_TYPE
# Queries already answered by an action (Telegram accepts one answer per query).
ANSWERED: set[str] = set()
STALE = N_("This button is no longer valid (the item may have been deleted).")

Action = Callable[[CallbackQuery, Services, UUID, Callback, Ctx], Awaitable[None]]


class Stale(Exception):
    """The button points at something this user does not (or no longer) have."""


async def card_for(svc: Services, user_id: UUID, cb: Callback) -> Card:
    """The application the button names, read under the presser's RLS context."""
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
        query, f"{render.card_text(card.application)}\n\n{question}", keyboard(card.application)
    )


async def answer(query: CallbackQuery, text: str, alert: bool = False) -> None:
    await query.answer(text[:190], show_alert=alert)
    ANSWERED.add(query.id)
