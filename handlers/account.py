"""/export and /delete_me."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.ext import ContextTypes

from handlers.callbacks import Callback, Verb, encode
from handlers.context import Services, current_user_id, services, user_cache
from handlers.i18n import _, ngettext
from handlers.settings import interface_languages


async def send_export(
    bot: Bot, chat_id: int, svc: Services, user_id: UUID, application_id: UUID | None = None
) -> None:
    data, count = await svc.export.build(user_id, application_id)
    name = f"jobforge-export-{datetime.now(UTC):%Y%m%d-%H%M}.zip"
    await bot.send_document(
        chat_id,
        InputFile(data, filename=name),
        caption=ngettext(
            "{count} document as Markdown, DOCX and PDF, your resumes, each posting as you "
            "saved it, plus applications.csv.",
            "{count} documents as Markdown, DOCX and PDF, your resumes, each posting as you "
            "saved it, plus applications.csv.",
            count,
        ).format(count=count),
    )


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    await message.reply_text(_("📦 Preparing your export…"))
    await send_export(context.bot, message.chat_id, services(context), user_id)


async def delete_me_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    await current_user_id(update, context)
    await message.reply_text(
        _(
            "This deletes your resumes, applications, documents, reminders and settings. "
            "It cannot be undone. Tip: /export first."
        ),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        _("Delete everything"), callback_data=encode(Verb.DELETE_ME, None, "yes")
                    ),
                    InlineKeyboardButton(
                        _("Cancel"), callback_data=encode(Verb.DELETE_ME, None, "no")
                    ),
                ]
            ]
        ),
    )


async def confirm_delete_me(
    query: CallbackQuery,
    svc: Services,
    user_id: UUID,
    cb: Callback,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    if cb.arg != "yes":
        await query.answer(_("Nothing was deleted."))
        await query.edit_message_text(_("OK, nothing was deleted."))
        return
    async with svc.db.as_user(user_id) as uow:
        await uow.users.delete_me()
    if query.from_user is not None:
        user_cache(context).forget(query.from_user.id)
        interface_languages(context).forget(query.from_user.id)
    if context.user_data is not None:
        context.user_data.clear()
    await query.answer(_("Deleted."))
    await query.edit_message_text(
        _("🗑 All your data is gone. Send /start if you ever want to begin again.")
    )


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Telegram tells us when a user blocks or unblocks the bot; keep users.blocked_at true."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    user_cache(context).forget(change.from_user.id)
    status = change.new_chat_member.status
    if status in ("kicked", "left"):
        async with services(context).db.system() as system:
            user_id = await system.find_user(change.from_user.id)
        if user_id is not None:
            async with services(context).db.as_user(user_id) as uow:
                await uow.users.mark_blocked(datetime.now(UTC))
    elif status == "member":
        await current_user_id(update, context)  # jf_upsert_user clears blocked_at
