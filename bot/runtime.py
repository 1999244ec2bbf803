"""Bringing up the database for any run mode: embedded or DATABASE_URL, then migrations."""

from __future__ import annotations

import logging
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


@contextmanager
def database_urls(settings: Settings, *, run_migrations: bool = True) -> Iterator[DatabaseUrls]:
    """Yield the owner and bot URLs; an embedded server started here stops on exit."""
    server: Any = None
    if settings.database_url:
        owner = settings.database_url
    else:
        owner, server = start_embedded_postgres(settings.data_dir)
    password = settings.app_db_password.get_secret_value() if settings.app_db_password else None
    try:
        if run_migrations:
            migrate(owner, password)
        app_url = settings.app_database_url or bot_url(owner, password)
        yield DatabaseUrls(owner=owner, bot=app_url, embedded=server is not None)
    finally:
        if server is not None:
            server._cleanup()
