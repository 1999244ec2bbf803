"""/export and /delete_me."""

from __future__ import annotations

from uuid import UUID

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)

from handlers.buttons import Answer
from handlers.callbacks import Callback, Verb, encode
from handlers.context import JobForgeContext, Services, current_user_id
from handlers.i18n import _
from handlers.outbound.sending import send_export

# "/export all" (or the German "/export alle"): every version, not only the current ones.
ALL_VERSIONS_WORDS = {"all", "alle", "versions", "versionen"}


async def export_command(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    every = any(word.lower() in ALL_VERSIONS_WORDS for word in context.args or [])
    await message.reply_text(_("📦 Preparing your export…"))
    data, count = await context.services.export.build(user_id, all_versions=every)
    await send_export(context.bot, message.chat_id, data, count, all_versions=every)


async def delete_me_command(update: Update, context: JobForgeContext) -> None:
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
    context: JobForgeContext,
) -> Answer:
    if cb.arg != "yes":

        async def kept() -> None:
            await query.edit_message_text(_("OK, nothing was deleted."))

        return Answer(_("Nothing was deleted."), then=kept)
    await svc.settings.delete_account(user_id)
    if query.from_user is not None:
        context.user_ids.forget(query.from_user.id)
        context.interface_languages.forget(query.from_user.id)
    if context.user_data is not None:
        context.user_data.clear()

    async def gone() -> None:
        await query.edit_message_text(
            _("🗑 All your data is gone. Send /start if you ever want to begin again.")
        )

    return Answer(_("Deleted."), then=gone)


async def on_my_chat_member(update: Update, context: JobForgeContext) -> None:
    """Telegram tells us when a user blocks or unblocks the bot; keep users.blocked_at true."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    context.user_ids.forget(change.from_user.id)
    status = change.new_chat_member.status
    if status in ("kicked", "left"):
        await context.services.settings.mark_blocked(change.from_user.id)
    elif status == "member":
        await current_user_id(update, context)  # jf_upsert_user clears blocked_at
