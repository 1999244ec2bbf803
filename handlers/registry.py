"""All handlers in one place, in the order PTB should try them."""

from __future__ import annotations

from telegram import Bot, BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import account, callback_router, lists, messages, resume, settings, start
from handlers.errors import on_error
from handlers.i18n import DEFAULT_LOCALE, INTERFACE_LANGUAGES

# Before any handler: the interface language every view of this update speaks.
LOCALE_GROUP = -1


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(
        TypeHandler(Update, settings.use_interface_language), group=LOCALE_GROUP
    )
    application.add_handler(CommandHandler("start", start.start, filters=private))
    application.add_handler(CommandHandler("help", start.help_command, filters=private))
    application.add_handler(CommandHandler("cancel", start.cancel, filters=private))
    application.add_handler(CommandHandler("new", start.new_posting, filters=private))
    application.add_handler(CommandHandler("resume", resume.resume_command, filters=private))
    application.add_handler(
        CommandHandler("applications", lists.applications_command, filters=private)
    )
    application.add_handler(CommandHandler("reminders", lists.reminders_command, filters=private))
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


def bot_commands(locale: str = DEFAULT_LOCALE) -> list[BotCommand]:
    return start.command_menu(locale)


async def publish_commands(bot: Bot) -> None:
    """The command menu in every interface language; Telegram shows the one matching the
    app's language, and the English one to everybody else."""
    await bot.set_my_commands(bot_commands())
    for locale in INTERFACE_LANGUAGES:
        if locale != DEFAULT_LOCALE:
            await bot.set_my_commands(bot_commands(locale), language_code=locale)
