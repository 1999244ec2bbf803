"""Last resort: log the failure and tell the user something went wrong (nothing is lost)."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from handlers.context import JobForgeContext
from handlers.i18n import _

_log = logging.getLogger(__name__)


async def on_error(update: object, context: JobForgeContext) -> None:
    if isinstance(context.error, Forbidden):
        _log.info("user blocked the bot: %s", context.error)
        return
    _log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                update.effective_chat.id,
                _("Sorry, something went wrong on my side. Your data is safe; please try again."),
            )
