"""Benchmark 1 (+7): update handling of JobForge vs a bare PTB echo bot, same emulator, same run.

Simulated users do non-generating interactions (open a card, list applications, page,
similar jobs, change a stage). Each bot runs as its own subprocess polling the emulator:
  (a) max sustained updates/s: closed loop, every user always has one update in flight;
  (b) latency from update queued to its last reply at an open-loop 100 updates/s spread
      over the users (p50/p99), plus RSS of the bot process idle and under load.
JobForge runs twice: with its shipped outgoing limiter (30 msg/s overall, like Telegram)
and with the overall limit lifted, which shows what the code itself can do.

    uv run python -m bench.updates --quick          # 200 users, 4 s phases
    uv run python -m bench.updates                  # full: 1,000 users, 15 s phases
    uv run python -m bench.updates --profile        # also a cProfile of JobForge (top costs)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import random
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import (
    BENCH_DATA_DIR,
    Stopwatch,
    bench_database,
    header,
    owner_connect,
    rss_mb,
    seed,
    summary_ms,
    table,
)
from bench.emulator import RecordingEmulator, wait_quiet
from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL

FIRST_USER = 1_000_000
STAGES = ("saved", "applied", "interviewing")


@dataclass
class Action:
    kind: str
    is_text: bool
    payload: str


@dataclass
class RunResult:
    name: str
    max_rate: float
    latency: dict[float, dict[str, dict[str, float]]]  # offered rate → kind → summary
    skipped: dict[float, tuple[int, int, int]]  # offered rate → (offered, skipped, incomplete)
    rss_idle: float
    rss_load: float
    cpu_ms_per_update: float
    machine_busy: float
    emulator_calls: dict[str, int]


class Users:
    """Which application ids each user owns, so button presses target real rows."""

    def __init__(self, apps: dict[int, list[str]], card_message: dict[int, int]) -> None:
        self.apps = apps
        self.card_message = card_message
        self.ids = sorted(apps)

    def action(self, rng: random.Random, user: int, echo: bool) -> Action:
        app = rng.choice(self.apps[user])
        roll = rng.random()
        if roll < 0.2:
            return Action("list", True, "/applications")
        if roll < 0.45:
            return Action("open", False, f"open:{app}")
        if roll < 0.6:
            return Action("page", False, f"page:-:{rng.randint(1, 3)}.all")
        if roll < 0.8:
            return Action("similar", False, f"similar:{app}")
        return Action("stage", False, f"setstage:{app}:{rng.choice(STAGES)}")


def send(emu: RecordingEmulator, users: Users, user: int, action: Action, expected: int) -> None:
    emu.expect(user, action.kind, expected)
    if action.is_text:
        emu.user_sends_text(user, action.payload)
    else:
        emu.press(user, users.card_message[user], action.payload)


async def start_bot(kind: str, api: str, db: str, rate: float, profile: str) -> Any:
    cmd = [sys.executable, "-m", "bench.bot_process", "--kind", kind, "--api", api]
    cmd += ["--db", db, "--overall-rate", str(rate), "--max-s", "600"]
    if profile:
        cmd += ["--profile", profile]
    proc = await asyncio.create_subprocess_exec(
        *cmd, stdout=asyncio.subprocess.PIPE, env={**os.environ, "JOBFORGE_LOG_LEVEL": "WARNING"}
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), timeout=60)
    if b"READY" not in line:
        raise RuntimeError(f"bot did not start: {line!r}")
    return proc


async def stop_bot(proc: Any) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), timeout=30)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def calibrate(emu: RecordingEmulator, users: Users, echo: bool) -> dict[str, int]:
    """How many reply calls each kind of interaction produces (measured, not assumed)."""
    expected: dict[str, int] = {}
    rng = random.Random(7)
    user = users.ids[0]
    for kind in ("list", "open", "page", "similar", "stage"):
        while True:
            action = users.action(rng, user, echo)
            if action.kind == kind:
                break
        before = emu.replies_by_chat[user]
        emu.expect(user, "calibration", 10_000)
        if action.is_text:
            emu.user_sends_text(user, action.payload)
        else:
            emu.press(user, users.card_message[user], action.payload)
        after = await wait_quiet(emu, user, quiet_s=0.5, max_s=10)
        emu.outstanding.pop(user, None)
        expected[kind] = max(1, after - before)
    return expected


async def saturate(
    emu: RecordingEmulator,
    users: Users,
    expected: dict[str, int],
    seconds: float,
    echo: bool,
    inflight: int,
) -> tuple[float, int]:
    """Closed loop with `inflight` updates always pending, each to a random idle user.

    Completions per second after a warm-up quarter. (All 1,000 users in flight at once
    measures httpx's connection-pool queueing instead, so in-flight is bounded.)
    """
    rng = random.Random(1)
    stop_at = time.perf_counter() + seconds

    def again(_finished: int) -> None:
        if time.perf_counter() < stop_at:
            user = rng.choice(users.ids)
            while user in emu.outstanding:
                user = rng.choice(users.ids)
            action = users.action(rng, user, echo)
            send(emu, users, user, action, expected[action.kind])

    emu.reset_log()
    emu.on_complete = again
    window_start = time.perf_counter() + seconds * 0.25  # skip warm-up
    for _ in range(inflight):
        again(0)
    while time.perf_counter() < stop_at:  # noqa: ASYNC110 - a bounded measurement window
        await asyncio.sleep(0.05)
    emu.on_complete = None
    done = [t for t in emu.log.completed_at if window_start <= t <= stop_at]
    await drain(emu, 20)
    return len(done) / (stop_at - window_start), len(emu.log.completed_at)


async def drain(emu: RecordingEmulator, max_s: float) -> int:
    """Wait (bounded) for in-flight updates; returns how many never completed."""
    deadline = time.monotonic() + max_s
    while emu.outstanding and time.monotonic() < deadline:  # noqa: ASYNC110 - bounded
        await asyncio.sleep(0.05)
    left = len(emu.outstanding)
    emu.outstanding.clear()
    return left


async def offered_load(
    emu: RecordingEmulator,
    users: Users,
    expected: dict[str, int],
    rate: float,
    seconds: float,
    echo: bool,
    pid: int,
) -> tuple[dict[str, dict[str, float]], int, int, int, float]:
    """Open loop at `rate` updates/s to random idle users; latency of each by kind."""
    rng = random.Random(2)
    emu.reset_log()
    emu.on_complete = None
    interval = 1.0 / rate
    start = time.perf_counter()
    total = int(rate * seconds)
    skipped = 0
    peak_rss = 0.0
    for index in range(total):
        due = start + index * interval
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        user = rng.choice(users.ids)
        if user in emu.outstanding:  # that person is still waiting for the last reply
            skipped += 1
            continue
        action = users.action(rng, user, echo)
        send(emu, users, user, action, expected[action.kind])
        if index % max(1, int(rate)) == 0:
            peak_rss = max(peak_rss, rss_mb(pid))
    incomplete = await drain(emu, 30)
    latency = {kind: summary_ms(values) for kind, values in emu.log.latencies.items()}
    latency["all"] = summary_ms([v for vs in emu.log.latencies.values() for v in vs])
    return latency, total, skipped, incomplete, peak_rss


async def run_bot(
    name: str,
    kind: str,
    db_url: str,
    users: Users,
    rate_limit: float,
    args: argparse.Namespace,
    profile: str = "",
) -> RunResult:
    emu = RecordingEmulator()
    await emu.start()
    proc = None
    try:
        for user in users.ids:
            users.card_message[user] = emu.add_card_message(user)
        proc = await start_bot(kind, emu.url, db_url, rate_limit, profile)
        echo = kind.startswith("echo")
        expected = await calibrate(emu, users, echo)
        await asyncio.sleep(1.0)
        rss_idle = rss_mb(proc.pid)
        cpu_before, busy_before = cpu_seconds(proc.pid), machine_busy()
        max_rate, completed = await saturate(
            emu, users, expected, args.seconds, echo, args.inflight
        )
        cpu_ms = (cpu_seconds(proc.pid) - cpu_before) * 1000 / max(1, completed)
        busy = machine_busy_since(busy_before)
        latency: dict[float, dict[str, dict[str, float]]] = {}
        skipped: dict[float, tuple[int, int, int]] = {}
        rss_load = 0.0
        for rate in args.rates:
            lat, offered, skip, incomplete, rss = await offered_load(
                emu, users, expected, rate, args.seconds, echo, proc.pid
            )
            latency[rate], skipped[rate] = lat, (offered, skip, incomplete)
            rss_load = max(rss_load, rss)
        print(f"  {name}: replies per kind {expected}; max {max_rate:.1f} updates/s", flush=True)
        return RunResult(
            name,
            max_rate,
            latency,
            skipped,
            rss_idle,
            rss_load,
            cpu_ms,
            busy,
            dict(emu.calls),
        )
    finally:
        if proc is not None:
            await stop_bot(proc)
        await emu.stop()


def load_users(owner_url: str) -> Users:
    apps: dict[int, list[str]] = {}
    with owner_connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT u.telegram_id, a.id FROM applications a JOIN users u ON u.id = a.user_id"
        ).fetchall()
    for telegram_id, app_id in rows:
        apps.setdefault(int(telegram_id), []).append(app_id.hex)
    return Users(apps, {})


PACKAGES = (
    "httpcore",
    "httpx",
    "anyio",
    "telegram",
    "sqlalchemy",
    "asyncpg",
    "aiolimiter",
    "asyncio",
    "json",
    "handlers",
    "bot",
    "storage",
    "bench",
)


def print_profile(path: str, limit: int = 20) -> None:
    """Own (CPU) time grouped by package, then the top functions: where a bot second goes."""
    stats = pstats.Stats(path)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    by_package: dict[str, float] = {}
    for (filename, _line, func), value in raw.items():
        group = "other (builtins, C calls)" if filename == "~" else "other python"
        for package in PACKAGES:
            if f"/{package}/" in filename or filename.endswith(f"/{package}.py"):
                group = package
                break
        if filename == "~" and ("socket" in func or "epoll" in func or "select" in func):
            group = "socket send/recv + epoll (C)"
        by_package[group] = by_package.get(group, 0.0) + value[2]
    print("\n### cProfile of JobForge under saturation: own time by package\n")
    rows = sorted(by_package.items(), key=lambda kv: -kv[1])
    print(table(["package", "own s", "share"], [(k, v, f"{v / total:.0%}") for k, v in rows]))
    print(f"\nTop {limit} functions by own time:\n```")
    stats.sort_stats("tottime").print_stats(limit)
    print("```\nJobForge functions by cumulative time (CPU while running):\n```")
    stats.sort_stats("cumulative").print_stats(
        r"upsert_user|as_user|current_user_id|process_request|do_process_update|card|_do_ping|ping"
    )
    print("```")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (and its reaped children) from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def machine_busy_since(before: tuple[int, int]) -> float:
    busy, total = machine_busy()
    return (busy - before[0]) / max(1, total - before[1])


async def main_async(args: argparse.Namespace) -> None:
    header(
        "Update handling (benchmark 1) and memory (benchmark 7)",
        "uv run python -m bench.updates " + " ".join(sys.argv[1:]),
    )
    with bench_database("updates") as db:
        clock = Stopwatch()
        seed(
            db.owner_url,
            users=args.users,
            apps_per_user=args.apps,
            first_telegram_id=FIRST_USER,
            embeddings_model=LOCAL_EMBEDDING_MODEL,
        )
        print(f"seeded {args.users} users × {args.apps} applications in {clock.elapsed:.1f}s")
        users = load_users(db.owner_url)
        results = [await run_bot("echo (bare PTB)", "echo", "", users, 1e6, args)]
        results.append(
            await run_bot("echo, JobForge's Bot API calls", "echo2", "", users, 1e6, args)
        )
        results.append(
            await run_bot("JobForge, limiter 30 msg/s", "jobforge", db.bot_url, users, 30, args)
        )
        results.append(
            await run_bot("JobForge, overall limit off", "jobforge", db.bot_url, users, 1e6, args)
        )
        profile_path = ""
        if args.profile:
            profile_path = str(BENCH_DATA_DIR / "updates.prof")
            Path(profile_path).parent.mkdir(parents=True, exist_ok=True)
            await run_bot(
                "JobForge profiled", "jobforge", db.bot_url, users, 1e6, args, profile_path
            )
    echo = results[0].max_rate
    echo2 = results[1].max_rate
    print(f"\nusers={args.users}, applications/user={args.apps}, phase={args.seconds:.0f}s\n")
    print(
        table(
            [
                "bot",
                "max updates/s",
                "vs echo",
                "vs echo w/ same calls",
                "bot CPU ms/update",
                "machine CPU busy",
                "RSS idle MB",
                "RSS under load MB",
            ],
            [
                (
                    r.name,
                    r.max_rate,
                    f"{r.max_rate / echo:.0%}",
                    f"{r.max_rate / echo2:.0%}",
                    r.cpu_ms_per_update,
                    f"{r.machine_busy:.0%}",
                    r.rss_idle,
                    r.rss_load,
                )
                for r in results
            ],
        )
    )
    print(
        f"\nOpen loop (update queued → last reply received) over {args.users} users,"
        f" {args.seconds:.0f}s per rate:\n"
    )
    rows: list[tuple[Any, ...]] = []
    for rate in args.rates:
        for r in results:
            a = r.latency[rate]["all"]
            offered, skip, incomplete = r.skipped[rate]
            answered = f"{int(a['n'])} of {offered}"
            per_kind = ", ".join(
                f"{k} {v['p99']:.0f}" for k, v in sorted(r.latency[rate].items()) if k != "all"
            )
            rows.append(
                (
                    f"{rate:.0f}/s",
                    r.name,
                    answered,
                    f"{skip} / {incomplete}",
                    a["p50"],
                    a["p90"],
                    a["p99"],
                    a["max"],
                    per_kind,
                )
            )
    print(
        table(
            [
                "offered",
                "bot",
                "answered",
                "skipped (user busy) / unanswered",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms",
                "p99 ms by interaction",
            ],
            rows,
        )
    )
    print("\nBot API calls seen by the emulator per run:")
    for r in results:
        print(f"  {r.name}: {r.emulator_calls}")
    if profile_path:
        print_profile(profile_path)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="200 users, 4 s phases")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--apps", type=int, default=10, help="applications per user")
    parser.add_argument("--seconds", type=float, default=None, help="length of each phase")
    parser.add_argument(
        "--rates", type=float, nargs="+", default=[25.0, 100.0], help="offered updates/s"
    )
    parser.add_argument("--inflight", type=int, default=32, help="updates pending in (a)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    args.users = args.users or (200 if args.quick else 1000)
    args.seconds = args.seconds or (4.0 if args.quick else 15.0)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
