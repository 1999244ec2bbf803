"""Schema migrations: plain SQL files in `sql/`, applied by yoyo-migrations as the owner.

yoyo records applied migrations in its own table, so re-running is a no-op.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from yoyo import get_backend, read_migrations

from storage.urls import BOT_ROLE, libpq_dsn, psycopg_url

_log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


class MigrationError(Exception):
    """Migrations cannot run as configured (for example the owner role lacks rights)."""


@dataclass(frozen=True)
class MigrationReport:
    applied: list[str]
    already_applied: int


def _check_owner_rights(owner_url: str) -> None:
    """The SECURITY DEFINER doors must see across users: the owner needs BYPASSRLS."""
    with psycopg.connect(libpq_dsn(owner_url)) as conn:
        row = conn.execute(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    if not row or not row[0]:
        raise MigrationError(
            "the DATABASE_URL role must be a superuser or have BYPASSRLS to own the schema"
        )


def migrate(owner_url: str, bot_password: str | None = None) -> MigrationReport:
    _check_owner_rights(owner_url)
    backend = get_backend(psycopg_url(owner_url))
    migrations = read_migrations(str(SQL_DIR))
    with backend.lock():
        pending = backend.to_apply(migrations)
        already = len(migrations) - len(pending)
        backend.apply_migrations(pending)
    if bot_password:
        with psycopg.connect(libpq_dsn(owner_url), autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(BOT_ROLE), sql.Literal(bot_password)
                )
            )
    applied = [m.id for m in pending]
    _log.info("migrations: %d applied, %d already applied", len(applied), already)
    return MigrationReport(applied=applied, already_applied=already)


def create_database(owner_url: str, name: str) -> None:
    """Used by tests and benchmarks to get an isolated database on one server."""
    with psycopg.connect(libpq_dsn(owner_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(owner_url: str, name: str) -> None:
    with psycopg.connect(libpq_dsn(owner_url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
