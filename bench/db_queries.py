"""Benchmark 2: the hot queries as the bot role under RLS vs the same queries as the owner.

The RLS side is exactly what the bot does: a transaction that first sets
app.current_user_id, then queries without any user filter (the policy adds it). The owner
side bypasses RLS and so must say `user_id = :uid` itself. Same client stack (SQLAlchemy +
asyncpg), samples interleaved so background noise hits both sides alike.

    uv run python -m bench.db_queries --quick      # 1,000 users × 100 apps × 3 docs (~0.5 GB)
    uv run python -m bench.db_queries              # full: 10,000 users × 100 apps × 3 docs
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import defaultdict
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from bench.common import (
    Stopwatch,
    add_random_embeddings,
    bench_database,
    header,
    one,
    owner_connect,
    seed,
    summary_ms,
    table,
)
from storage.urls import asyncpg_url

MODEL = "bench-model"
APP_COLS = (
    "id, user_id, name, company_name, role_title, job_url, job_description, location, remote,"
    " priority_level, status, stage, stage_changed_at, resume_id, match_before, match_after,"
    " match_details, research_completed, resume_optimized, cover_letter_generated,"
    " last_activity_at, created_at"
)
DOC_COLS = (
    "id, user_id, application_id, document_type, version, is_current, content, feedback,"
    " model, removed_claims, created_at"
)
JOB_COLS = "id, kind, status, attempts"


def queries(owner: bool) -> dict[str, list[str]]:
    """Each hot path as its list of statements; the owner variant adds the user filter."""
    u = " AND a.user_id = :uid" if owner else ""
    uw = " WHERE user_id = :uid" if owner else ""
    ua = " AND user_id = :uid" if owner else ""
    return {
        "card (application + active jobs)": [
            f"SELECT {APP_COLS} FROM applications a WHERE id = :app{u}",
            f"SELECT {JOB_COLS} FROM generation_jobs WHERE application_id = :app"
            f" AND status IN ('queued', 'running'){ua} ORDER BY created_at",
        ],
        "list page (count + 5 rows)": [
            f"SELECT count(*) FROM applications{uw}",
            f"SELECT {APP_COLS} FROM applications{uw}"
            " ORDER BY created_at DESC, id LIMIT 5 OFFSET 5",
        ],
        "similar jobs (exact, top 5)": [
            "SELECT 1 FROM job_embeddings WHERE application_id = :app AND model = :model" + ua,
            "SELECT a.id, a.company_name, a.role_title,"
            " 1 - (e.embedding <=> q.embedding) AS similarity"
            " FROM job_embeddings q"
            " JOIN job_embeddings e ON e.user_id = q.user_id AND e.model = q.model"
            "  AND e.application_id <> q.application_id"
            " JOIN applications a ON a.id = e.application_id"
            " WHERE q.application_id = :app AND q.model = :model"
            + (" AND q.user_id = :uid" if owner else "")
            + " ORDER BY e.embedding <=> q.embedding, a.id LIMIT 5",
        ],
        "documents of an application": [
            f"SELECT {DOC_COLS} FROM documents WHERE application_id = :app{ua}"
            " ORDER BY document_type, version"
        ],
    }


async def run_rls(
    conn: AsyncConnection, stmts: list[str], params: dict[str, Any]
) -> tuple[float, float]:
    """(whole unit of work, the queries alone after set_config)."""
    start = time.perf_counter()
    async with conn.begin():
        await conn.execute(
            text("SELECT set_config('app.current_user_id', :uid, true)"),
            {"uid": str(params["uid"])},
        )
        queries_start = time.perf_counter()
        for stmt in stmts:
            (await conn.execute(text(stmt), params)).all()
        queries_only = time.perf_counter() - queries_start
    return time.perf_counter() - start, queries_only


async def run_owner(
    conn: AsyncConnection, stmts: list[str], params: dict[str, Any]
) -> tuple[float, float]:
    start = time.perf_counter()
    async with conn.begin():
        queries_start = time.perf_counter()
        for stmt in stmts:
            (await conn.execute(text(stmt), params)).all()
        queries_only = time.perf_counter() - queries_start
    return time.perf_counter() - start, queries_only


def sample_targets(owner_url: str, count: int, embedded_users: int) -> list[tuple[UUID, UUID]]:
    """(user, application) pairs from the users that also have vectors."""
    with owner_connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT DISTINCT ON (e.user_id) e.user_id, e.application_id FROM job_embeddings e"
            " ORDER BY e.user_id, e.application_id LIMIT %s",
            (embedded_users,),
        ).fetchall()
    rng = random.Random(3)
    return [rng.choice(rows) for _ in range(count)]


def explain(owner_url: str, bot_url_: str, uid: UUID) -> tuple[str, str]:
    """EXPLAIN ANALYZE of the list page as the bot (RLS) and as the owner (explicit filter)."""
    from storage.urls import libpq_dsn

    rls_sql = queries(False)["list page (count + 5 rows)"][1]
    own_sql = queries(True)["list page (count + 5 rows)"][1].replace(":uid", "%(uid)s")
    import psycopg

    with psycopg.connect(libpq_dsn(bot_url_)) as conn:
        conn.execute("SELECT set_config('app.current_user_id', %s, true)", (str(uid),))
        rls = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + rls_sql).fetchall()
    with owner_connect(owner_url) as conn:
        own = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + own_sql, {"uid": uid}).fetchall()
    return "\n".join(r[0] for r in rls), "\n".join(r[0] for r in own)


async def measure(db_owner: str, db_bot: str, targets: list[tuple[UUID, UUID]]) -> dict[str, Any]:
    bot_engine = create_async_engine(asyncpg_url(db_bot), pool_size=1)
    own_engine = create_async_engine(asyncpg_url(db_owner), pool_size=1)
    results: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    rls_q, own_q = queries(False), queries(True)
    try:
        async with bot_engine.connect() as bconn, own_engine.connect() as oconn:
            for warm in range(2):  # warm caches and prepared statements on both sides
                for index, (uid, app) in enumerate(targets):
                    params = {"uid": uid, "app": app, "model": MODEL}
                    for name in rls_q:
                        pair = [
                            ("RLS (bot role)", run_rls(bconn, rls_q[name], params)),
                            ("owner, no RLS", run_owner(oconn, own_q[name], params)),
                        ]
                        if index % 2:
                            pair.reverse()
                        for side, coro in pair:
                            whole, queries_only = await coro
                            if warm:
                                results[name][side].append(whole)
                                results[name][side + " queries"].append(queries_only)
    finally:
        await bot_engine.dispose()
        await own_engine.dispose()
    return results


async def main_async(args: argparse.Namespace) -> None:
    header(
        "Hot queries under RLS vs owner (benchmark 2)",
        "uv run python -m bench.db_queries " + " ".join(sys.argv[1:]),
    )
    with bench_database("queries") as db:
        clock = Stopwatch()
        seed(db.owner_url, users=args.users, apps_per_user=args.apps, docs_per_app=3)
        seeded = clock.elapsed
        with owner_connect(db.owner_url) as conn:
            add_random_embeddings(
                conn,
                MODEL,
                f"u.id IN (SELECT id FROM users ORDER BY telegram_id LIMIT {args.vector_users})",
            )
            conn.execute("ANALYZE")
            sizes = one(
                conn.execute(
                    "SELECT (SELECT count(*) FROM applications), (SELECT count(*) FROM documents),"
                    " (SELECT count(*) FROM job_embeddings),"
                    " pg_size_pretty(pg_database_size(current_database()))"
                )
            )
        print(
            f"seeded {sizes[0]:,} applications, {sizes[1]:,} documents, {sizes[2]:,} vectors"
            f" ({sizes[3]}) in {seeded:.0f}s + {clock.elapsed - seeded:.0f}s for vectors\n"
        )
        targets = sample_targets(db.owner_url, args.samples, args.vector_users)
        results = await measure(db.owner_url, db.bot_url, targets)
        rows = []
        for name, sides in results.items():
            rls, own = summary_ms(sides["RLS (bot role)"]), summary_ms(sides["owner, no RLS"])
            rls_q = summary_ms(sides["RLS (bot role) queries"])
            own_q = summary_ms(sides["owner, no RLS queries"])
            rows.append(
                (
                    name,
                    rls["p50"],
                    rls["p99"],
                    own["p50"],
                    own["p99"],
                    f"{rls['p50'] / own['p50'] - 1:+.1%}",
                    rls_q["p50"],
                    own_q["p50"],
                    f"{rls_q['p50'] / own_q['p50'] - 1:+.1%}",
                )
            )
        print(
            table(
                [
                    "query (one transaction)",
                    "RLS p50 ms",
                    "RLS p99 ms",
                    "owner p50 ms",
                    "owner p99 ms",
                    "RLS overhead (p50)",
                    "queries only: RLS p50",
                    "owner p50",
                    "policy overhead",
                ],
                rows,
            )
        )
        print(
            f"\n{args.samples} samples per query and side, interleaved; RLS side includes the"
            " per-transaction set_config round trip that the bot always pays.\n"
        )
        rls_plan, own_plan = explain(db.owner_url, db.bot_url, targets[0][0])
        print("EXPLAIN ANALYZE, list page as the bot role (RLS):\n```\n" + rls_plan + "\n```")
        print(
            "EXPLAIN ANALYZE, list page as the owner (explicit user filter):\n```\n"
            + own_plan
            + "\n```"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--apps", type=int, default=100)
    parser.add_argument("--vector-users", type=int, default=200, help="users that get vectors")
    parser.add_argument("--samples", type=int, default=None)
    args = parser.parse_args()
    args.users = args.users or (1000 if args.quick else 10_000)
    args.samples = args.samples or (200 if args.quick else 1000)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
