"""Bringing up the database for any run mode: embedded or DATABASE_URL, then migrations."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from storage.embedded import start_embedded_postgres
from storage.migrations import migrate
from storage.urls import bot_url

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DatabaseUrls:
    owner: str
    bot: str
    embedded: bool


PASSWORD_FILE = "bot_db_password"


def bot_password(settings: Settings) -> str:
    """The password of the bot's database role: from JOBFORGE_APP_DB_PASSWORD, else one
    generated once and kept in the data directory, readable by this user only (0600).

    Every mode gets a strong password, so a database reachable over the network never
    has a bot role with an empty or default one.
    """
    if settings.app_db_password is not None:
        return settings.app_db_password.get_secret_value()
    path = settings.data_dir / PASSWORD_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


@contextmanager
def database_urls(settings: Settings, *, run_migrations: bool = True) -> Iterator[DatabaseUrls]:
    """Yield the owner and bot URLs; an embedded server started here stops on exit."""
    server: Any = None
    if settings.database_url:
        owner = settings.database_url
    else:
        owner, server = start_embedded_postgres(settings.data_dir)
    password = bot_password(settings)
    try:
        if run_migrations:
            migrate(owner, password)
        app_url = settings.app_database_url or bot_url(owner, password)
        yield DatabaseUrls(owner=owner, bot=app_url, embedded=server is not None)
    finally:
        if server is not None:
            server._cleanup()
