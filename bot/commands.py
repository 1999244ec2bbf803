"""What each `jobforge` sub-command does."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal

from bot.config import ConfigError, Settings
from bot.runtime import database_urls
from storage.migrations import MigrationError

_log = logging.getLogger(__name__)


def dispatch(command: str, settings: Settings, args: argparse.Namespace) -> int:
    try:
        with database_urls(settings) as urls:
            if command == "migrate":
                where = "embedded PostgreSQL" if urls.embedded else "DATABASE_URL"
                print(f"migrations applied on {where}; the bot connects as role jobforge_bot")
                return 0
            runner = {
                "run": _run_polling,
                "webhook": _run_webhook,
                "worker": _run_worker,
                "demo": _run_demo,
                "chat": _run_chat,
            }[command]
            return runner(settings, urls.bot, args)
    except MigrationError as exc:
        raise ConfigError(f"configuration error: DATABASE_URL {exc}") from None


def _token(settings: Settings, command: str) -> str:
    if settings.telegram_bot_token is None:
        raise ConfigError(
            f"configuration error: TELEGRAM_BOT_TOKEN is not set (needed by `jobforge {command}`;"
            " try `jobforge demo` or `jobforge chat` to use the local emulator)"
        )
    return settings.telegram_bot_token.get_secret_value()


def _run_polling(settings: Settings, bot_url: str, args: argparse.Namespace) -> int:
    from bot.application import Core, build_application

    token = _token(settings, "run")
    core = Core.create(settings, bot_url)
    application = build_application(
        core,
        token,
        settings.telegram_api_url,
        process_jobs=settings.process_jobs_in_bot,
        run_scheduler=settings.process_jobs_in_bot,
    )
    _log.info("polling %s (engine: %s)", settings.telegram_api_url, core.engine.name)
    application.run_polling(allowed_updates=["message", "callback_query", "my_chat_member"])
    return 0


def _run_webhook(settings: Settings, bot_url: str, args: argparse.Namespace) -> int:
    from bot.webhook import serve_webhook

    token = _token(settings, "webhook")
    if settings.telegram_webhook_secret is None:
        raise ConfigError(
            "configuration error: TELEGRAM_WEBHOOK_SECRET is not set (webhook mode requires it)"
        )
    return asyncio.run(serve_webhook(settings, bot_url, token))


def _run_worker(settings: Settings, bot_url: str, args: argparse.Namespace) -> int:
    from bot.application import Core, run_worker

    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None

    async def main() -> None:
        core = Core.create(settings, bot_url)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, core.stop_event.set)
        _log.info("worker started (engine: %s)", core.engine.name)
        await run_worker(core, token, settings.telegram_api_url)

    asyncio.run(main())
    return 0


def _quiet_unless_asked() -> None:
    """The demo and chat print a conversation; INFO logs would interleave with it."""
    if "JOBFORGE_LOG_LEVEL" not in os.environ:
        logging.getLogger().setLevel(logging.WARNING)


def _run_demo(settings: Settings, bot_url: str, args: argparse.Namespace) -> int:
    from playground.demo import run_demo

    _quiet_unless_asked()
    asyncio.run(run_demo(settings, bot_url))
    return 0


def _run_chat(settings: Settings, bot_url: str, args: argparse.Namespace) -> int:
    from playground.chat import run_chat
    from playground.session import playground

    _quiet_unless_asked()

    async def main() -> None:
        async with playground(settings, bot_url) as session:
            await run_chat(session.emulator, args.user_id)  # it prints its own banner

    asyncio.run(main())
    return 0
