"""`jobforge` command line: one entry point for every process type (see Procfile)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import text_commands
from bot.config import ConfigError, load_settings
from bot.log_hygiene import configure_logging

COMMANDS = ("run", "webhook", "worker", "chat", "demo", "migrate")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobforge",
        description="JobForge: a Telegram bot that turns a job posting into an application pack.",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="serve Telegram by long polling (and process jobs in-process)")
    sub.add_parser("webhook", help="serve Telegram's webhook on $PORT")
    sub.add_parser("worker", help="process generation jobs and the scheduler; no Telegram updates")
    chat = sub.add_parser("chat", help="chat with the bot in this terminal (local emulator)")
    chat.add_argument(
        "--user-id",
        type=int,
        default=2002,  # playground.chat.CHAT_USER_ID: not the demo's 1001, so chat starts clean
        help="the Telegram user you chat as (default 2002; another number is a brand-new user)",
    )
    sub.add_parser("demo", help="scripted walk-through against the local emulator")
    sub.add_parser("migrate", help="apply database migrations and exit")
    text_commands.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in text_commands.COMMANDS:  # offline: no settings, database or Telegram
        try:
            return text_commands.COMMANDS[args.command](args)
        except text_commands.InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    command = args.command or ("run" if settings.telegram_bot_token else "demo")
    from bot import commands  # imported late: keeps `--help` and config errors fast

    try:
        return commands.dispatch(command, settings, args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
