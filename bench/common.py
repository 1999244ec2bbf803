"""Shared benchmark plumbing: a throw-away database, seeding, percentiles, tables, machine facts.

Every benchmark gets its own database on the embedded server under .jobforge/bench so it
never touches a developer's data, and drops it at the end even when it fails.
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from storage.embedded import start_embedded_postgres
from storage.migrations import create_database, drop_database, migrate
from storage.urls import bot_url, libpq_dsn, with_database

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA_DIR = ROOT / ".jobforge" / "bench"
BOT_PASSWORD = "bench-bot-password"  # the bot role needs a password for TCP logins


@dataclass(frozen=True)
class BenchDatabase:
    server_url: str
    owner_url: str
    bot_url: str
    name: str


@contextlib.contextmanager
def bench_database(prefix: str) -> Iterator[BenchDatabase]:
    """A fresh migrated database; dropped on exit so repeated runs do not fill the disk."""
    server_url, handle = start_embedded_postgres(BENCH_DATA_DIR)
    name = f"jf_bench_{prefix}_{uuid.uuid4().hex[:8]}"
    create_database(server_url, name)
    owner = with_database(server_url, name)
    try:
        migrate(owner, BOT_PASSWORD)
        yield BenchDatabase(server_url, owner, bot_url(owner, BOT_PASSWORD), name)
    finally:
        drop_database(server_url, name)
        del handle


def owner_connect(owner_url: str) -> psycopg.Connection[Any]:
    """Owner (superuser) connection: bypasses RLS, used for seeding and checks only."""
    return psycopg.connect(libpq_dsn(owner_url), autocommit=True)


def seed(
    owner_url: str,
    *,
    users: int,
    apps_per_user: int,
    docs_per_app: int = 0,
    first_telegram_id: int = 1_000_000,
    embeddings_model: str | None = None,
    resume: bool = False,
    digest_due: bool = False,
) -> None:
    """Bulk-create users and their data with INSERT … SELECT generate_series as the owner.

    Users are named 'Test' with language 'en', exactly what the emulator sends, so the
    per-update jf_upsert_user stays on its read-only path.
    """
    last = first_telegram_id + users - 1
    with owner_connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO users (telegram_id, chat_id, display_name, language_code,"
            " digest_frequency, next_digest_at)"
            " SELECT g, g, 'Test', 'en', %s, %s FROM generate_series(%s::bigint, %s::bigint) g",
            (
                "daily" if digest_due else "off",
                datetime.now(UTC) if digest_due else None,
                first_telegram_id,
                last,
            ),
        )
        where = f"u.telegram_id BETWEEN {first_telegram_id} AND {last}"
        if resume:
            conn.execute(
                "INSERT INTO user_resumes (user_id, name, content, content_sha256, is_primary)"
                " SELECT u.id, 'Main', %s, md5(u.id::text) || md5(u.id::text), true"
                f" FROM users u WHERE {where}",
                (SAMPLE_RESUME,),
            )
        if apps_per_user:
            conn.execute(
                "INSERT INTO applications (user_id, name, company_name, role_title,"
                " job_description, posting_sha256, stage, created_at, last_activity_at)"
                " SELECT u.id, 'app_' || i, 'Company ' || i, 'Engineer ' || (i %% 37),"
                " 'We are hiring a backend engineer to build reliable Python services on'"
                " || ' PostgreSQL. Posting number ' || i || '.',"
                " md5(u.id::text || i) || md5(i::text),"
                " (enum_range(NULL::application_stage_type))[1 + i %% 3],"
                " now() - i * interval '1 hour', now() - i * interval '1 hour'"
                f" FROM users u CROSS JOIN generate_series(1, %s) i WHERE {where}",
                (apps_per_user,),
            )
        if docs_per_app:
            kinds = ["research_report", "optimized_resume", "cover_letter"][:docs_per_app]
            conn.execute("ALTER TABLE documents DISABLE TRIGGER documents_update_phases")
            conn.execute(
                "INSERT INTO documents (user_id, application_id, document_type, version, content)"
                " SELECT a.user_id, a.id, k::document_type_enum, 1,"
                " 'Generated ' || k || ' for ' || a.company_name || ': short benchmark text.'"
                f" FROM applications a JOIN users u ON u.id = a.user_id AND {where}"
                " CROSS JOIN unnest(%s::text[]) k",
                (kinds,),
            )
            conn.execute("ALTER TABLE documents ENABLE TRIGGER documents_update_phases")
            flags = {
                1: "research_completed = true, status = 'research_complete'",
                2: "research_completed = true, resume_optimized = true, status = 'resume_ready'",
                3: "research_completed = true, resume_optimized = true,"
                " cover_letter_generated = true, status = 'cover_letter_ready'",
            }[docs_per_app]
            conn.execute(
                f"UPDATE applications a SET {flags} FROM users u WHERE u.id = a.user_id AND {where}"
            )
        if embeddings_model and apps_per_user:
            add_random_embeddings(conn, embeddings_model, where)
        conn.execute("ANALYZE")


def add_random_embeddings(conn: psycopg.Connection[Any], model: str, user_where: str) -> None:
    """One random unit-ish vector(1536) per application (the content does not matter here)."""
    conn.execute(
        "INSERT INTO job_embeddings (user_id, application_id, model, dims, content_sha256,"
        " embedding)"
        " SELECT a.user_id, a.id, %s, 1536, a.posting_sha256,"
        " (SELECT array_agg(random() - 0.5)::vector FROM generate_series(1, 1536) WHERE a.id IS NOT NULL)"
        f" FROM applications a JOIN users u ON u.id = a.user_id AND {user_where}",
        (model,),
    )


SAMPLE_RESUME = (ROOT / "playground" / "samples" / "resume.md").read_text()


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no data."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    """p50/p90/p99/max/mean in milliseconds from seconds."""
    ms = [v * 1000 for v in values]
    return {
        "n": float(len(ms)),
        "p50": percentile(ms, 50),
        "p90": percentile(ms, 90),
        "p99": percentile(ms, 99),
        "max": max(ms) if ms else float("nan"),
        "mean": statistics.fmean(ms) if ms else float("nan"),
    }


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table, so output can be pasted into docs/benchmarks.md as is."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    """nproc, memory, CPU model, load and date: the context every figure needs."""
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError, ValueError):
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    load = os.getloadavg()
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · nproc={os.cpu_count()} · "
        f"RAM={mem_kb / 1024 / 1024:.1f} GiB · CPU={cpu} · Python {platform.python_version()} · "
        f"loadavg={load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}"
    )


def rss_mb(pid: int) -> float:
    """Resident set size of a process from /proc (no psutil needed)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Stopwatch:
    """time.perf_counter() since construction, in seconds."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start


def header(title: str, command: str) -> None:
    print(f"## {title}\n\nmachine: {machine()}\ncommand: `{command}`\n", flush=True)


def one(cursor: psycopg.Cursor[Any]) -> tuple[Any, ...]:
    """The single row a query must return."""
    row = cursor.fetchone()
    if row is None:
        raise LookupError("query returned no row")
    return tuple(row)


def first(cursor: psycopg.Cursor[Any]) -> Any:
    """The first column of the single row a query must return."""
    return one(cursor)[0]
