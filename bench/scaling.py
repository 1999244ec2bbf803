"""Benchmark 9: one bot process plus 1, 2 and 4 `jobforge worker` processes, 5-second model.

The bot (`jobforge run` with JOBFORGE_PROCESS_JOBS=false) takes the button presses and
enqueues; the workers share the PostgreSQL queue (FOR UPDATE SKIP LOCKED). Every user
presses "Generate all" (3 chained steps) at once; we count generation steps completed per
minute over a window after a warm-up, for each worker count, in the same run.

    uv run python -m bench.scaling --quick     # 20 s window, 1/2/4 workers
    uv run python -m bench.scaling             # full: 45 s window
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from bench.common import Stopwatch, bench_database, first, header, owner_connect, seed, table
from bench.emulator import RecordingEmulator
from bench.faults import TOKEN, bot_env, start_jobforge, stop, user_apps
from bench.updates import machine_busy, machine_busy_since
from playground.openai_api import OpenAIStandIn


def done_steps(owner_url: str) -> int:
    with owner_connect(owner_url) as conn:
        return int(
            first(
                conn.execute(
                    "SELECT count(*) FROM generation_jobs WHERE status = 'done' AND kind <> 'embed'"
                )
            )
        )


async def one_config(
    db: Any, workers: int, args: argparse.Namespace, first_tg: int
) -> dict[str, Any]:
    seed(db.owner_url, users=args.users, apps_per_user=1, first_telegram_id=first_tg, resume=True)
    apps = user_apps(db.owner_url, first_tg, args.users)
    async with OpenAIStandIn() as standin:
        standin.delay_s = args.delay
        emu = RecordingEmulator(token=TOKEN)
        await emu.start()
        env = bot_env(db.owner_url, emu.url, standin.url)
        env["JOBFORGE_PROCESS_JOBS"] = "false"
        env["JOBFORGE_SCHEDULER_TICK_S"] = "3600"
        procs: list[Any] = []
        try:
            procs.append(await start_jobforge(env, emu, "run"))
            for _ in range(workers):
                procs.append(await start_jobforge(env, emu, "worker"))
            await asyncio.sleep(args.boot)  # workers import, migrate (no-op) and start polling
            for user, app in apps.items():
                emu.press(user, emu.add_card_message(user), f"all:{app.hex}")
            await asyncio.sleep(args.warmup)
            start_done, start_t, busy = (
                done_steps(db.owner_url),
                time.perf_counter(),
                machine_busy(),
            )
            await asyncio.sleep(args.window)
            end_done, end_t = done_steps(db.owner_url), time.perf_counter()
            cpu = machine_busy_since(busy)
        finally:
            for proc in procs:
                await stop(proc, hard=False)
            await emu.stop()
            with owner_connect(db.owner_url) as conn:
                conn.execute(
                    "UPDATE generation_jobs SET status = 'cancelled'"
                    " WHERE status IN ('queued', 'running')"
                )
    per_min = (end_done - start_done) / (end_t - start_t) * 60
    return {"workers": workers, "per_min": per_min, "cpu": cpu, "steps": end_done - start_done}


async def main_async(args: argparse.Namespace) -> None:
    header(
        "Scaling out: 1 bot + N workers (benchmark 9)",
        "uv run python -m bench.scaling " + " ".join(sys.argv[1:]),
    )
    results = []
    with bench_database("scaling") as db:
        clock = Stopwatch()
        for index, workers in enumerate(args.workers):
            results.append(await one_config(db, workers, args, 20_000_000 + index * 100_000))
            print(f"  {workers} worker(s): {results[-1]['per_min']:.0f} steps/min", flush=True)
    base = results[0]["per_min"]
    ideal = 8 * 60 / args.delay
    print(
        f"\n{args.users} users per configuration, each pressing Generate all; stand-in"
        f" {args.delay:.0f}s per call (chat and embeddings); window {args.window:.0f}s after"
        f" {args.warmup:.0f}s warm-up; total {clock.elapsed:.0f}s.\n"
    )
    print(
        table(
            [
                "workers",
                "steps in window",
                "steps/min",
                "vs 1 worker",
                "ideal (8 slots × N)",
                "machine CPU busy",
            ],
            [
                (
                    r["workers"],
                    r["steps"],
                    r["per_min"],
                    f"{r['per_min'] / base:.2f}×",
                    ideal * r["workers"],
                    f"{r['cpu']:.0%}",
                )
                for r in results
            ],
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--users", type=int, default=120)
    parser.add_argument("--delay", type=float, default=5.0)
    parser.add_argument("--boot", type=float, default=8.0, help="s for workers to start")
    parser.add_argument("--warmup", type=float, default=None)
    parser.add_argument("--window", type=float, default=None)
    args = parser.parse_args()
    args.warmup = args.warmup or (12.0 if args.quick else 15.0)
    args.window = args.window or (20.0 if args.quick else 45.0)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
