"""Benchmark 4: delivering due digests through an emulator that enforces Telegram's 30 msg/s.

The real Scheduler claims due digests in PostgreSQL and sends them with the real
TelegramNotifier over a rate-limited ExtBot; the emulator answers 429 with retry_after when
the bot goes over budget. Reported: achieved rate as a fraction of 30/s, 429s, duplicates
(messages per chat > 1, and delivery rows), wall time.

    uv run python -m bench.digest --quick      # 300 users (~10 s at 30/s)
    uv run python -m bench.digest              # full: 10,000 users (~5.5 min at 30/s)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter

from bench.common import (
    Stopwatch,
    bench_database,
    first,
    header,
    owner_connect,
    seed,
    table,
)
from bench.emulator import RecordingEmulator
from bot.application import build_bot
from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL
from bot.services.scheduler import Scheduler
from handlers.outbound.telegram_notifier import TelegramNotifier
from playground.bot_api_models import RateLimits
from storage.database import Database

FIRST_USER = 7_000_000
LIMIT_PER_S = 30.0


async def deliver(users: int, bot_url: str, max_s: float) -> dict[str, float]:
    emu = RecordingEmulator(
        rate_limits=RateLimits(global_per_second=LIMIT_PER_S, global_burst=LIMIT_PER_S)
    )
    await emu.start()
    for user in range(FIRST_USER, FIRST_USER + users):
        emu.state.ensure_user(user)
    bot = build_bot(emu.token, emu.url)
    await bot.initialize()
    db = Database(bot_url, pool_size=10)
    scheduler = Scheduler(db, TelegramNotifier(bot), embedding_model=LOCAL_EMBEDDING_MODEL)
    clock = Stopwatch()
    sent = 0
    ticks = 0
    try:
        deadline = time.monotonic() + max_s
        while time.monotonic() < deadline:
            report = await scheduler.tick()
            ticks += 1
            sent += report.digests_sent
            if report.digests_sent == 0 and report.failures == 0:
                break
        wall = clock.elapsed
    finally:
        await bot.shutdown()
        await db.close()
        await emu.stop()
    per_chat = Counter({chat: len(msgs) for chat, msgs in emu.state.bot_messages.items()})
    times = sorted(t for ts in emu.sent_times.values() for t in ts)
    span = (times[-1] - times[0]) if len(times) > 1 else float("nan")
    delivered = sum(1 for n in per_chat.values() if n >= 1)
    return {
        "users": users,
        "delivered": delivered,
        "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
        "scheduler_sent": sent,
        "ticks": ticks,
        "wall_s": wall,
        "rate": (delivered - 1) / span if span == span and span > 0 else float("nan"),
        "rejected_429": emu.rate_limited_count,
        "send_attempts": emu.calls["sendmessage"],
    }


async def main_async(args: argparse.Namespace) -> None:
    header(
        "Digest delivery at 30 msg/s (benchmark 4)",
        "uv run python -m bench.digest " + " ".join(sys.argv[1:]),
    )
    with bench_database("digest") as db:
        seed(
            db.owner_url,
            users=args.users,
            apps_per_user=3,
            first_telegram_id=FIRST_USER,
            digest_due=True,
        )
        result = await deliver(args.users, db.bot_url, args.max_s)
        with owner_connect(db.owner_url) as conn:
            status = dict(
                conn.execute(
                    "SELECT status, count(*) FROM digest_deliveries GROUP BY status"
                ).fetchall()
            )
            dup_rows = first(
                conn.execute(
                    "SELECT count(*) FROM (SELECT user_id, due_at FROM digest_deliveries"
                    " GROUP BY 1, 2 HAVING count(*) > 1) x"
                )
            )
    r = result
    print(
        table(
            [
                "users due",
                "delivered",
                "achieved msg/s",
                "of 30/s",
                "429 replies",
                "send attempts",
                "duplicate messages",
                "duplicate rows",
                "wall s",
                "ticks",
            ],
            [
                (
                    int(r["users"]),
                    int(r["delivered"]),
                    r["rate"],
                    f"{r['rate'] / LIMIT_PER_S:.0%}",
                    int(r["rejected_429"]),
                    int(r["send_attempts"]),
                    int(r["duplicates"]),
                    dup_rows,
                    r["wall_s"],
                    int(r["ticks"]),
                )
            ],
        )
    )
    print(f"\ndigest_deliveries by status: {status}")
    print(f"ideal wall time at 30/s: {args.users / LIMIT_PER_S:.0f}s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--max-s", type=float, default=900.0, help="hard stop")
    args = parser.parse_args()
    args.users = args.users or (300 if args.quick else 10_000)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
