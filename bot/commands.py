"""What each `jobforge` sub-command does."""

from __future__ import annotations

import argparse

from bot.config import ConfigError, Settings
from bot.runtime import database_urls
from storage.migrations import MigrationError


def dispatch(command: str, settings: Settings, args: argparse.Namespace) -> int:
    if command == "migrate":
        return _migrate(settings)
    raise ConfigError(f"jobforge {command}: not available in this build")


def _migrate(settings: Settings) -> int:
    try:
        with database_urls(settings) as urls:
            where = "embedded PostgreSQL" if urls.embedded else "DATABASE_URL"
            print(f"migrations applied on {where}; the bot connects as role jobforge_bot")
    except MigrationError as exc:
        raise ConfigError(f"configuration error: DATABASE_URL {exc}") from None
    return 0
