"""All handlers in one place, in the order PTB should try them."""

from __future__ import annotations

from telegram import BotCommand
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import account, callback_router, lists, messages, resume, settings, start
from handlers.errors import on_error


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", start.start, filters=private))
    application.add_handler(CommandHandler("help", start.help_command, filters=private))
    application.add_handler(CommandHandler("cancel", start.cancel, filters=private))
    application.add_handler(CommandHandler("new", start.new_posting, filters=private))
    application.add_handler(CommandHandler("resume", resume.resume_command, filters=private))
    application.add_handler(
        CommandHandler("applications", lists.applications_command, filters=private)
    )
    application.add_handler(CommandHandler("search", lists.search_command, filters=private))
    application.add_handler(CommandHandler("settings", settings.settings_command, filters=private))
    application.add_handler(CommandHandler("export", account.export_command, filters=private))
    application.add_handler(CommandHandler("delete_me", account.delete_me_command, filters=private))
    application.add_handler(CallbackQueryHandler(callback_router.on_callback))
    application.add_handler(
        ChatMemberHandler(account.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, messages.on_text)
    )
    application.add_handler(MessageHandler(private & filters.Document.ALL, messages.on_document))
    application.add_handler(
        MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, messages.on_other)
    )
    application.add_handler(MessageHandler(private & filters.COMMAND, resume.unknown_command))
    application.add_error_handler(on_error)


def bot_commands() -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in start.COMMANDS]
