"""Sending generated Markdown to a chat: entities (never parse errors), split at paragraph
boundaries, and the whole document as a file when it does not fit one message."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest

from bot.documents.telegram_format import plain_chunks, render_for_telegram
from handlers.i18n import _, ngettext

_log = logging.getLogger(__name__)


async def send_markdown(
    bot: Bot,
    chat_id: int,
    markdown: str,
    *,
    filename: str,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    chunks = render_for_telegram(markdown)
    if not chunks:
        chunks_plain = plain_chunks(markdown or "(empty)")
        for text in chunks_plain:
            await bot.send_message(chat_id, text)
        return
    long_document = len(chunks) > 1
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        markup = reply_markup if last and not long_document else None
        try:
            await bot.send_message(
                chat_id, chunk.text, entities=chunk.entities or None, reply_markup=markup
            )
        except BadRequest as exc:
            # Entities we built were refused: fall back to the same text without formatting.
            _log.warning("formatted send refused (%s); sending plain text", exc.message)
            await bot.send_message(chat_id, chunk.text, reply_markup=markup)
    if long_document:
        await bot.send_document(
            chat_id,
            document=InputFile(markdown.encode("utf-8"), filename=filename),
            caption=_("The whole document as a file (it was too long for one message)."),
            reply_markup=reply_markup,
        )


async def send_export(
    bot: Bot, chat_id: int, data: bytes, count: int, *, all_versions: bool = False
) -> None:
    """The /export zip (bot.services.export builds it)."""
    name = f"jobforge-export-{datetime.now(UTC):%Y%m%d-%H%M}.zip"
    caption = ngettext(
        "{count} document as Markdown, DOCX and PDF, your resumes, each posting as you "
        "saved it, plus applications.csv.",
        "{count} documents as Markdown, DOCX and PDF, your resumes, each posting as you "
        "saved it, plus applications.csv.",
        count,
    ).format(count=count)
    if not all_versions:
        caption += " " + _("Current versions only; /export all includes every earlier version.")
    await bot.send_document(chat_id, InputFile(data, filename=name), caption=caption)
