"""Benchmark 8: crash safety and model failures with real `jobforge run` processes.

Part 1 — kill -9 the bot (a `jobforge run` subprocess polling the emulator, processing jobs
and ticking the scheduler every second) at a random moment, N times, while applications
are generating ("Generate all": 3 chained steps each) and batches of digests are due.
After each kill the leases are expired by SQL (the same as waiting 60/120 s for them), so
the next process picks the work up at once. Then one last process finishes everything and
we count: documents per (application, type) — 0 is lost, >1 duplicate; jobs not done;
digest rows and digest messages per user.

Part 2 — an OpenAI stand-in that fails 30% of calls: every application must end with all
three documents or with a message carrying a Retry button.

Part 3 — kill -9 while updates are being processed: users paste postings while reading
them is slow (the stand-in answers after a delay), the process is killed at a random moment
after the first posting reached the model, N times; each restart first answers what the
previous kill interrupted, and one last process runs at the end. Counted:
postings Telegram had already forgotten at a kill (acknowledged but unanswered: what was
lost before the durable inbox), users never answered (lost) and users answered twice.

    uv run python -m bench.faults --quick      # 5 kills, 6 generating users, 4 with failures
    uv run python -m bench.faults              # full: 20 kills, 20 users, 20 with failures
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any
from uuid import UUID

from bench.common import (
    BOT_PASSWORD,
    Stopwatch,
    bench_database,
    first,
    header,
    owner_connect,
    seed,
    table,
)
from bench.emulator import RecordingEmulator
from playground.openai_api import OpenAIStandIn

TOKEN = "123456:BENCH-TOKEN-0123456789"  # jobforge validates the token shape
GEN_USER = 11_000_000
DIGEST_USER = 12_000_000
FAIL_USER = 13_000_000
PASTE_USER = 14_000_000
UPLOAD_USER = 15_000_000
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
POSTING = (
    Path(__file__).resolve().parent.parent / "playground/samples/posting_backend.txt"
).read_text()
CARD = "Match rate"


def bot_env(owner_url: str, emu_url: str, standin_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": owner_url,
        "JOBFORGE_APP_DB_PASSWORD": BOT_PASSWORD,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": emu_url,
        "OPENAI_API_KEY": "sk-bench",
        "OPENAI_BASE_URL": f"{standin_url}/v1",
        "JOBFORGE_SCHEDULER_TICK_S": "1",
        "JOBFORGE_LOG_LEVEL": "ERROR",
        "JOBFORGE_DATA_DIR": ".jobforge/bench",
    }


async def start_jobforge(env: dict[str, str], emu: RecordingEmulator, command: str = "run") -> Any:
    """`jobforge <command>` as a subprocess; ready once it polls (run) or after start-up."""
    before = emu.calls["getupdates"]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", command, env=env, stdout=asyncio.subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while command == "run" and emu.calls["getupdates"] <= before:
        if proc.returncode is not None or time.monotonic() > deadline:
            raise RuntimeError(f"jobforge {command} did not start (exit {proc.returncode})")
        await asyncio.sleep(0.05)
    return proc


async def stop(proc: Any, *, hard: bool) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), timeout=30)
        except TimeoutError:
            proc.kill()
            await proc.wait()


def user_apps(owner_url: str, first_tg: int, count: int) -> dict[int, UUID]:
    with owner_connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT u.telegram_id, a.id FROM applications a JOIN users u ON u.id = a.user_id"
            " WHERE u.telegram_id BETWEEN %s AND %s",
            (first_tg, first_tg + count - 1),
        ).fetchall()
    return {int(r[0]): r[1] for r in rows}


def expire_leases(owner_url: str) -> None:
    """Fast-forward the clock for leases: what waiting 60 s (jobs) / 120 s (digests) does."""
    with owner_connect(owner_url) as conn:
        conn.execute(  # running jobs and claimed failure/result announcements
            "UPDATE generation_jobs SET locked_until = now() - interval '1 second'"
            " WHERE locked_until > now()"
        )
        conn.execute(
            "UPDATE digest_deliveries SET claimed_until = now() - interval '1 second'"
            " WHERE status = 'claimed'"
        )


def make_digests_due(owner_url: str, first_tg: int, count: int) -> None:
    with owner_connect(owner_url) as conn:
        conn.execute(
            "UPDATE users SET digest_frequency = 'daily', next_digest_at = now()"
            " WHERE telegram_id BETWEEN %s AND %s",
            (first_tg, first_tg + count - 1),
        )


async def settle(owner_url: str, max_s: float, min_jobs: int = 0) -> bool:
    """Wait (bounded) until no job is pending or unannounced and no digest is due/claimed.

    min_jobs: first wait until at least this many jobs exist (the presses were handled).
    """
    deadline = time.monotonic() + max_s
    with owner_connect(owner_url) as conn:
        while time.monotonic() < deadline:
            jobs = first(conn.execute("SELECT count(*) FROM generation_jobs"))
            if jobs < min_jobs:
                await asyncio.sleep(0.2)
                continue
            pending = first(
                conn.execute(
                    "SELECT (SELECT count(*) FROM generation_jobs"
                    "  WHERE status IN ('queued', 'running'))"
                    " + (SELECT count(*) FROM digest_deliveries WHERE status = 'claimed')"
                    " + (SELECT count(*) FROM generation_jobs WHERE status IN ('done', 'failed')"
                    "    AND NOT notified AND chat_id IS NOT NULL AND kind <> 'embed')"
                    " + (SELECT count(*) FROM users WHERE digest_frequency <> 'off'"
                    "    AND next_digest_at <= now())"
                )
            )
            if pending == 0:
                return True
            await asyncio.sleep(0.5)
    return False


def document_counts(owner_url: str, apps: dict[int, UUID]) -> tuple[int, int, int]:
    """(lost, duplicate, complete) over (application, document type) pairs."""
    with owner_connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT a.id, t.kind, (SELECT count(*) FROM documents d WHERE d.application_id = a.id"
            " AND d.document_type::text = t.kind)"
            " FROM applications a CROSS JOIN unnest(ARRAY['research_report', 'optimized_resume',"
            " 'cover_letter']) AS t(kind) WHERE a.id = ANY(%s)",
            (list(apps.values()),),
        ).fetchall()
    lost = sum(1 for r in rows if r[2] == 0)
    dup = sum(r[2] - 1 for r in rows if r[2] > 1)
    complete = sum(1 for r in rows if r[2] == 1)
    return lost, dup, complete


async def kill_loop(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    seed(db.owner_url, users=args.users, apps_per_user=1, first_telegram_id=GEN_USER, resume=True)
    digest_users = args.kills * args.digest_batch
    seed(db.owner_url, users=digest_users, apps_per_user=2, first_telegram_id=DIGEST_USER)
    apps = user_apps(db.owner_url, GEN_USER, args.users)
    rng = random.Random(11)
    kills: list[str] = []
    async with OpenAIStandIn() as standin:
        standin.token_delay_s = args.token_delay
        emu = RecordingEmulator(token=TOKEN)
        await emu.start()
        env = bot_env(db.owner_url, emu.url, standin.url)
        clock = Stopwatch()
        try:
            cards = {
                user: emu.add_card_message(user)
                for user in list(apps) + list(range(DIGEST_USER, DIGEST_USER + digest_users))
            }
            for cycle in range(args.kills):
                make_digests_due(
                    db.owner_url, DIGEST_USER + cycle * args.digest_batch, args.digest_batch
                )
                # odd cycles kill mid-digest, even cycles at a random moment
                proc = await start_jobforge(env, emu)
                if cycle == 0:
                    for user, app in apps.items():
                        emu.press(user, cards[user], f"all:{app.hex}")
                batch = range(
                    DIGEST_USER + cycle * args.digest_batch,
                    DIGEST_USER + (cycle + 1) * args.digest_batch,
                )
                if cycle % 2:  # mid-digest: kill just after the first digest of the batch left
                    deadline = time.monotonic() + 15
                    while time.monotonic() < deadline and not any(  # noqa: ASYNC110
                        emu.sent_times.get(u) for u in batch
                    ):
                        await asyncio.sleep(0.01)
                    await asyncio.sleep(rng.uniform(0.0, 0.6))
                else:  # mid-generation: kill at a random moment
                    await asyncio.sleep(rng.uniform(1.0, args.max_life))
                with owner_connect(db.owner_url) as conn:
                    running = first(
                        conn.execute(
                            "SELECT count(*) FROM generation_jobs WHERE status = 'running'"
                        )
                    )
                    claimed = first(
                        conn.execute(
                            "SELECT count(*) FROM digest_deliveries WHERE status = 'claimed'"
                        )
                    )
                await stop(proc, hard=True)
                sent = sum(len(emu.sent_times.get(u, [])) for u in batch)
                kills.append(
                    f"{'digest' if cycle % 2 else 'random'}: {running} jobs running,"
                    f" {claimed} digests claimed, {sent}/{len(batch)} of the batch sent"
                )
                expire_leases(db.owner_url)
            proc = await start_jobforge(env, emu)
            settled = await settle(db.owner_url, args.settle_s)
            await stop(proc, hard=False)
            wall = clock.elapsed
        finally:
            await emu.stop()
    lost, dup, complete = document_counts(db.owner_url, apps)
    with owner_connect(db.owner_url) as conn:
        jobs = dict(
            conn.execute(
                "SELECT status, count(*) FROM generation_jobs WHERE kind <> 'embed' GROUP BY 1"
            ).fetchall()
        )
        digest_rows = dict(
            conn.execute("SELECT status, count(*) FROM digest_deliveries GROUP BY 1").fetchall()
        )
        failures = conn.execute(
            "SELECT kind, attempts, left(coalesce(last_error, ''), 120), count(*)"
            " FROM generation_jobs WHERE status = 'failed' GROUP BY 1, 2, 3 ORDER BY 4 DESC"
        ).fetchall()
        failed_apps = {
            r[0]
            for r in conn.execute(
                "SELECT application_id FROM generation_jobs WHERE status = 'failed'"
            ).fetchall()
        }
    digest_msgs = [
        len([m for m in emu.messages(u) if m.text != "card"])
        for u in range(DIGEST_USER, DIGEST_USER + digest_users)
    ]
    retry_shown = sum(
        1
        for user, app in apps.items()
        if app in failed_apps
        and any(
            "Retry" in b.text and app.hex in (b.callback_data or "")
            for m in emu.messages(user)
            for b in m.buttons
        )
    )
    return {
        "failures": failures,
        "failed_apps": len(failed_apps),
        "retry_shown": retry_shown,
        "kills": kills,
        "settled": settled,
        "wall": wall,
        "lost_docs": lost,
        "dup_docs": dup,
        "complete_docs": complete,
        "expected_docs": 3 * len(apps),
        "jobs": jobs,
        "digest_rows": digest_rows,
        "digest_users": digest_users,
        "digest_missing": sum(1 for n in digest_msgs if n == 0),
        "digest_duplicates": sum(n - 1 for n in digest_msgs if n > 1),
    }


async def failing_model(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    seed(
        db.owner_url,
        users=args.fail_users,
        apps_per_user=1,
        first_telegram_id=FAIL_USER,
        resume=True,
    )
    apps = user_apps(db.owner_url, FAIL_USER, args.fail_users)
    async with OpenAIStandIn() as standin:
        standin.fail_rate = 0.3
        emu = RecordingEmulator(token=TOKEN)
        await emu.start()
        env = bot_env(db.owner_url, emu.url, standin.url)
        try:
            proc = await start_jobforge(env, emu)
            with owner_connect(db.owner_url) as conn:
                baseline = int(first(conn.execute("SELECT count(*) FROM generation_jobs")))
            for user, app in apps.items():
                emu.press(user, emu.add_card_message(user), f"all:{app.hex}")
            settled = await settle(db.owner_url, args.settle_s, min_jobs=baseline + len(apps))
            await stop(proc, hard=False)
        finally:
            await emu.stop()
        calls = dict(standin.requests)
    _lost, dup, _complete = document_counts(db.owner_url, apps)
    complete_apps = with_retry = stuck = 0
    with owner_connect(db.owner_url) as conn:
        for user, app in apps.items():
            docs = first(
                conn.execute("SELECT count(*) FROM documents WHERE application_id = %s", (app,))
            )
            if docs >= 3:
                complete_apps += 1
                continue
            buttons = [
                b
                for m in emu.messages(user)
                for b in m.buttons
                if "Retry" in b.text and app.hex in (b.callback_data or "")
            ]
            if buttons:
                with_retry += 1
            else:
                stuck += 1
    return {
        "apps": len(apps),
        "complete": complete_apps,
        "retry_button": with_retry,
        "stuck": stuck,
        "dup_docs": dup,
        "settled": settled,
        "calls": calls,
    }


SAVED = "Saved"  # the answer to an uploaded resume


def answered(emu: RecordingEmulator, user: int, mark: str = CARD) -> int:
    return len([m for m in emu.messages(user) if mark in m.content])


async def wait_answered(
    emu: RecordingEmulator, users: list[int], max_s: float, uploads: list[int] | None = None
) -> None:
    deadline = time.monotonic() + max_s

    def waiting() -> bool:
        return any(answered(emu, u) == 0 for u in users) or any(
            answered(emu, u, SAVED) == 0 for u in uploads or []
        )

    while time.monotonic() < deadline and waiting():  # noqa: ASYNC110
        await asyncio.sleep(0.2)


async def kill_during_updates(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Pasted postings in flight when the process dies: each answered once after restarts."""
    from tests.documents.conftest import ANALYST, resume_docx

    rng = random.Random(8)
    users: list[int] = []
    uploaders: list[int] = []
    cv = resume_docx(ANALYST)
    forgotten = 0
    async with OpenAIStandIn() as standin:
        emu = RecordingEmulator(token=TOKEN)
        await emu.start()
        env = bot_env(db.owner_url, emu.url, standin.url)
        try:
            for cycle in range(args.update_kills):
                standin.delay_s = args.read_delay
                proc = await start_jobforge(env, emu)
                # the restart first answers what the last kill interrupted (replayed), so
                # each posting meets one kill: three in a row is what a poison update does
                await wait_answered(emu, users, 60, uploaders)
                before = sum(standin.requests.values())
                batch = [PASTE_USER + cycle * args.pastes + i for i in range(args.pastes)]
                uploads = [UPLOAD_USER + cycle * args.uploads + i for i in range(args.uploads)]
                for user in uploads:  # read in a worker process: killed mid-read some times
                    emu.user_sends_document(user, "cv.docx", cv, DOCX_MIME, first_name="Upload")
                for user in batch:
                    emu.user_sends_text(user, POSTING, first_name="Paste")
                users.extend(batch)
                uploaders.extend(uploads)
                deadline = time.monotonic() + 20
                while sum(standin.requests.values()) <= before and time.monotonic() < deadline:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
                await asyncio.sleep(rng.uniform(0.0, args.read_delay))
                await stop(proc, hard=True)
                pending = {u["message"]["from"]["id"] for u in emu.state.updates if "message" in u}
                forgotten += sum(1 for u in batch if answered(emu, u) == 0 and u not in pending)
            standin.delay_s = 0.0
            proc = await start_jobforge(env, emu)
            await wait_answered(emu, users, args.settle_s, uploaders)
            await asyncio.sleep(1.0)  # room for a late duplicate
            await stop(proc, hard=False)
        finally:
            await emu.stop()
    counts = [answered(emu, u) for u in users]
    saved = [answered(emu, u, SAVED) for u in uploaders]
    with owner_connect(db.owner_url) as conn:
        apps = dict(
            conn.execute(
                "SELECT u.telegram_id, count(a.id) FROM users u LEFT JOIN applications a"
                " ON a.user_id = u.id WHERE u.telegram_id = ANY(%s) GROUP BY 1",
                (users,),
            ).fetchall()
        )
        resumes = dict(
            conn.execute(
                "SELECT u.telegram_id, count(r.id) FROM users u LEFT JOIN user_resumes r"
                " ON r.user_id = u.id WHERE u.telegram_id = ANY(%s) GROUP BY 1",
                (uploaders,),
            ).fetchall()
        )
        open_rows = first(conn.execute("SELECT count(*) FROM update_inbox WHERE done_at IS NULL"))
        kept = first(conn.execute("SELECT count(*) FROM update_inbox WHERE payload IS NOT NULL"))
    return {
        "kills": args.update_kills,
        "postings": len(users),
        "forgotten": forgotten,
        "lost": sum(1 for n in counts if n == 0),
        "duplicate": sum(n - 1 for n in counts if n > 1),
        "apps_not_one": sum(1 for u in users if apps.get(u, 0) != 1),
        "uploads": len(uploaders),
        "uploads_lost": sum(1 for n in saved if n == 0),
        "uploads_duplicate": sum(n - 1 for n in saved if n > 1),
        "resumes_not_one": sum(1 for u in uploaders if resumes.get(u, 0) != 1),
        "open_rows": open_rows,
        "payloads_kept": kept,
    }


async def main_async(args: argparse.Namespace) -> None:
    header(
        "Faults: kill -9 and a failing model (benchmark 8)",
        "uv run python -m bench.faults " + " ".join(sys.argv[1:]),
    )
    with bench_database("faults") as db:
        if args.only_updates:
            report_updates(await kill_during_updates(db, args))
            return
        k = await kill_loop(db, args)
        print(f"{len(k['kills'])} kill -9 of `jobforge run`; state at each kill:")
        for index, line in enumerate(k["kills"], 1):
            print(f"  kill {index}: {line}")
        print()
        print(
            table(
                [
                    "documents expected",
                    "stored once",
                    "lost",
                    "duplicate",
                    "jobs by status",
                    "digest users",
                    "digest rows",
                    "users without digest",
                    "duplicate digest messages",
                    "settled",
                    "wall s",
                ],
                [
                    (
                        k["expected_docs"],
                        k["complete_docs"],
                        k["lost_docs"],
                        k["dup_docs"],
                        k["jobs"],
                        k["digest_users"],
                        k["digest_rows"],
                        k["digest_missing"],
                        k["digest_duplicates"],
                        k["settled"],
                        k["wall"],
                    )
                ],
            )
        )
        print(
            f"\nApplications with a failed step: {k['failed_apps']}, of which"
            f" {k['retry_shown']} show a Retry button. Failed jobs (kind, attempts, error, n):"
        )
        for row in k["failures"]:
            print(f"  {tuple(row)}")
        f = await failing_model(db, args)
    print("\nOpenAI stand-in failing 30% of calls (HTTP 500), one `jobforge run`:\n")
    print(
        table(
            [
                "applications",
                "all 3 documents",
                "ended with Retry button",
                "stuck",
                "duplicates",
                "settled",
                "stand-in calls",
            ],
            [
                (
                    f["apps"],
                    f["complete"],
                    f["retry_button"],
                    f["stuck"],
                    f["dup_docs"],
                    f["settled"],
                    f["calls"],
                )
            ],
        )
    )
    with bench_database("faults_updates") as db:
        report_updates(await kill_during_updates(db, args))


def report_updates(u: dict[str, Any]) -> None:
    print("\nkill -9 while pasted postings and uploaded resumes are read (durable inbox):\n")
    print(
        table(
            [
                "kills",
                "postings",
                "acknowledged at a kill",
                "lost",
                "answered twice",
                "users without exactly 1 application",
                "inbox rows open",
                "payloads kept",
            ],
            [
                (
                    u["kills"],
                    u["postings"],
                    u["forgotten"],
                    u["lost"],
                    u["duplicate"],
                    u["apps_not_one"],
                    u["open_rows"],
                    u["payloads_kept"],
                )
            ],
        )
    )
    print(
        "\n'acknowledged at a kill': Telegram had already forgotten these unanswered updates;"
        " before the durable inbox each of them was lost.\n"
    )
    print(
        table(
            ["resume uploads", "lost", "answered twice", "users without exactly 1 resume"],
            [(u["uploads"], u["uploads_lost"], u["uploads_duplicate"], u["resumes_not_one"])],
        )
    )


def main() -> None:
    # Killed clients make aiohttp log "connection lost" tracebacks; they are expected here.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--kills", type=int, default=None)
    parser.add_argument("--users", type=int, default=None, help="users generating a full pack")
    parser.add_argument("--digest-batch", type=int, default=40, help="digests made due per kill")
    parser.add_argument("--fail-users", type=int, default=None)
    parser.add_argument("--token-delay", type=float, default=0.01, help="stand-in s per chunk")
    parser.add_argument("--max-life", type=float, default=4.0, help="kill within this many s")
    parser.add_argument("--settle-s", type=float, default=240.0)
    parser.add_argument("--update-kills", type=int, default=None, help="kills mid-update")
    parser.add_argument("--pastes", type=int, default=4, help="postings pasted per kill")
    parser.add_argument("--uploads", type=int, default=1, help="resume uploads per kill")
    parser.add_argument("--read-delay", type=float, default=1.5, help="stand-in s per call")
    parser.add_argument("--only-updates", action="store_true", help="part 3 only")
    args = parser.parse_args()
    args.update_kills = args.update_kills or (3 if args.quick else 20)
    args.kills = args.kills or (5 if args.quick else 20)
    args.users = args.users or (6 if args.quick else 20)
    args.fail_users = args.fail_users or (4 if args.quick else 20)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
