"""A bot process for the update benchmark: JobForge's real Application, or a bare PTB echo bot.

Run as a subprocess so the bot has its own interpreter (like production) and its RSS and
cProfile are its own. Stops on SIGTERM/SIGINT; `--max-s` bounds its life in any case.

    python -m bench.bot_process --kind echo --api http://127.0.0.1:PORT
    python -m bench.bot_process --kind jobforge --api URL --db BOT_DB_URL [--overall-rate 30]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import signal
from pathlib import Path

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.application import Core, build_application, running
from bot.config import Settings
from handlers.outbound.rate_limit import ChatAwareRateLimiter

TOKEN = "123456:TEST"


async def _echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


async def _echo_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(update.callback_query.data or "")


async def _echo_button_like_jobforge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobForge's Bot API pattern for a press: edit the message, then answer the query."""
    query = update.callback_query
    if query is not None:
        await query.edit_message_text(f"{query.data} {update.update_id}")
        await query.answer()


def echo_application(api: str, same_calls: bool = False) -> Application:
    """The baseline: PTB with the same concurrency as JobForge and nothing else."""
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(256)
        .connection_pool_size(64)
        .get_updates_connection_pool_size(2)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, _echo_text))
    application.add_handler(
        CallbackQueryHandler(_echo_button_like_jobforge if same_calls else _echo_button)
    )
    return application


def jobforge_application(api: str, db_url: str, overall_rate: float) -> Application:
    """JobForge exactly as `jobforge run` builds it, with a configurable overall send rate."""
    settings = Settings(
        openai_api_key=None,
        telegram_bot_token=None,
        database_url=None,
        scheduler_tick_s=3600,
        data_dir=Path(".jobforge/bench"),
    )
    core = Core.create(settings, db_url)
    limiter = ChatAwareRateLimiter(overall_per_second=overall_rate)
    return build_application(
        core,
        TOKEN,
        api,
        process_jobs=False,
        run_scheduler=False,
        allow_private_urls=True,
        rate_limiter=limiter,
    )


async def serve(args: argparse.Namespace) -> None:
    application = (
        echo_application(args.api, same_calls=args.kind == "echo2")
        if args.kind.startswith("echo")
        else jobforge_application(args.api, args.db, args.overall_rate)
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running(application, poll_timeout=1):
        print("READY", flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=args.max_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", choices=("echo", "echo2", "jobforge"), required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--db", default="")
    parser.add_argument("--overall-rate", type=float, default=30.0)
    parser.add_argument("--max-s", type=float, default=900.0)
    parser.add_argument("--profile", default="", help="write cProfile stats here")
    args = parser.parse_args()
    if not args.profile:
        asyncio.run(serve(args))
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        asyncio.run(serve(args))
    finally:
        profiler.disable()
        profiler.dump_stats(args.profile)


if __name__ == "__main__":
    main()
