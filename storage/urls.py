"""Turning the owner's URL into the bot role's URL and into driver-specific URLs."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

BOT_ROLE = "jobforge_bot"


def with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def bot_url(owner_url: str, password: str | None) -> str:
    """Same server and database as the owner URL, logged in as the bot role."""
    return (
        make_url(owner_url)
        .set(username=BOT_ROLE, password=password)
        .render_as_string(hide_password=False)
    )


def asyncpg_url(url: str) -> URL:
    return make_url(url).set(drivername="postgresql+asyncpg")


def psycopg_url(url: str) -> str:
    """yoyo and psycopg want `postgresql+psycopg://` / libpq style."""
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def libpq_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
