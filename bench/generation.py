"""Benchmarks 5 and 6: generation overhead, concurrency, and tokens/cost per application pack.

5a. Stand-in answering instantly: button press → first streamed text (draft or edit) and
    → document stored, per step; i.e. JobForge's own overhead around the model call.
5b. Stand-in taking 5 s per call: many users press at once; how many generations run at
    the same time in one process (bounded by JOBFORGE_WORKER_CONCURRENCY, default 8).
6.  A full pack (job facts + research + resume + letter + embeddings) through the real bot,
    tokens from the stand-in's usage (chars/4) as recorded in token_usage, the cacheable
    prefix share, and the price per 1,000 packs for gpt-4o-mini.

    uv run python -m bench.generation --quick   # 8 latency samples, 16 concurrent users
    uv run python -m bench.generation           # full: 30 samples, 32 concurrent users
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from functools import partial
from typing import Any
from uuid import UUID

from pydantic import SecretStr

from bench.common import (
    BENCH_DATA_DIR,
    ROOT,
    Stopwatch,
    bench_database,
    first,
    header,
    one,
    owner_connect,
    seed,
    summary_ms,
    table,
)
from bench.emulator import RecordingEmulator
from bot.config import Settings
from playground.openai_api import OpenAIStandIn
from playground.session import playground

SAMPLES = ROOT / "playground" / "samples"
# Published list prices (USD per 1M tokens) as published by OpenAI, checked 2026-11-26 from
# memory of the public pricing page; verify before relying on it.
PRICE = {"input": 0.15, "cached_input": 0.075, "output": 0.60}
EMBED_PRICE = 0.02  # text-embedding-3-small, per 1M tokens, same caveat
FIRST_USER = 8_000_000


def settings(standin_url: str, concurrency: int = 8) -> Settings:
    return Settings(
        openai_api_key=SecretStr("sk-bench"),
        openai_base_url=f"{standin_url}/v1",
        telegram_bot_token=None,
        database_url=None,
        scheduler_tick_s=3600,
        worker_concurrency=concurrency,
        data_dir=BENCH_DATA_DIR,
        llm_max_retries=3,
    )


def apps_by_user(owner_url: str) -> dict[int, UUID]:
    with owner_connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT u.telegram_id, a.id FROM applications a JOIN users u ON u.id = a.user_id"
        ).fetchall()
    return {int(r[0]): r[1] for r in rows}


async def wait_db(
    owner_url: str, sql: str, params: tuple[Any, ...], target: int, max_s: float
) -> float:
    """Poll until the count reaches target; returns the time it did (perf_counter)."""
    deadline = time.perf_counter() + max_s
    with owner_connect(owner_url) as conn:
        while time.perf_counter() < deadline:
            if first(conn.execute(sql, params)) >= target:
                return time.perf_counter()
            await asyncio.sleep(0.005)
    raise TimeoutError(sql)


def has_stream(emu: RecordingEmulator, user: int) -> bool:
    """A draft (private chats stream with sendMessageDraft) or an edit of the progress."""
    return bool(emu.drafts(user))


async def overhead(db: Any, samples: int) -> list[tuple[Any, ...]]:
    """5a: instant stand-in, one research step at a time."""
    seed(db.owner_url, users=samples, apps_per_user=1, first_telegram_id=FIRST_USER, resume=True)
    apps = apps_by_user(db.owner_url)
    first: list[float] = []
    stored: list[float] = []
    async with OpenAIStandIn() as standin:
        emu = RecordingEmulator()
        await emu.start()
        try:
            async with playground(
                settings(standin.url), db.bot_url, emulator=emu, run_scheduler=False
            ):
                for user, app in apps.items():
                    card = emu.add_card_message(user)
                    start = time.perf_counter()
                    emu.press(user, card, f"step:{app.hex}:r")
                    await emu.wait_for(partial(has_stream, emu, user), timeout=30)
                    first.append(time.perf_counter() - start)
                    done = await wait_db(
                        db.owner_url,
                        "SELECT count(*) FROM documents WHERE application_id = %s",
                        (app,),
                        1,
                        30,
                    )
                    stored.append(done - start)
        finally:
            await emu.stop()
    f, s = summary_ms(first), summary_ms(stored)
    return [
        ("press → first streamed text", len(first), f["p50"], f["p90"], f["max"]),
        ("press → document stored", len(stored), s["p50"], s["p90"], s["max"]),
    ]


async def concurrency(db: Any, users: int, delay_s: float) -> dict[str, float]:
    """5b: every user presses at once against a slow stand-in; peak running jobs."""
    seed(
        db.owner_url,
        users=users,
        apps_per_user=1,
        first_telegram_id=FIRST_USER + 100_000,
        resume=True,
    )
    apps = {u: a for u, a in apps_by_user(db.owner_url).items() if u >= FIRST_USER + 100_000}
    async with OpenAIStandIn() as standin:
        standin.delay_s = delay_s
        emu = RecordingEmulator()
        await emu.start()
        try:
            async with playground(
                settings(standin.url), db.bot_url, emulator=emu, run_scheduler=False
            ):
                clock = Stopwatch()
                for user, app in apps.items():
                    emu.press(user, emu.add_card_message(user), f"step:{app.hex}:r")
                peak = 0
                samples: list[int] = []
                deadline = time.perf_counter() + delay_s * (users / 4 + 4)
                with owner_connect(db.owner_url) as conn:
                    while time.perf_counter() < deadline:
                        running, done = one(
                            conn.execute(
                                "SELECT count(*) FILTER (WHERE status = 'running'),"
                                " count(*) FILTER (WHERE status = 'done')"
                                " FROM generation_jobs WHERE kind = 'research_report'"
                                " AND user_id IN (SELECT id FROM users WHERE telegram_id >= %s)",
                                (FIRST_USER + 100_000,),
                            )
                        )
                        peak = max(peak, running)
                        samples.append(running)
                        if done >= users:
                            break
                        await asyncio.sleep(0.1)
                wall = clock.elapsed
        finally:
            await emu.stop()
    return {"users": users, "peak": peak, "done": done, "wall": wall, "per_min": done / wall * 60}


async def pack_cost(db: Any, label: str, posting: str, resume: str, user: int) -> dict[str, Any]:
    """6: one full pack through the real handlers; token_usage rows as the bot recorded them."""
    async with OpenAIStandIn() as standin:
        emu = RecordingEmulator()
        await emu.start()
        try:
            async with playground(
                settings(standin.url), db.bot_url, emulator=emu, run_scheduler=False
            ):
                emu.user_sends_text(user, "/start")
                await emu.wait_for_message(user, "resume", timeout=30)
                emu.user_sends_text(user, resume)
                await emu.wait_for_message(user, "Saved", timeout=30)
                emu.user_sends_text(user, posting)
                card = await emu.wait_for_message(user, "Match rate", timeout=60)
                data = next(b.callback_data for b in card.buttons if "Generate all" in b.text)
                emu.user_presses_button(user, card.message_id, data or "")
                await emu.wait_for_message(user, "Cover letter ready", timeout=120)
                await asyncio.sleep(1.0)  # let the trailing embedding jobs finish
        finally:
            await emu.stop()
        bodies = [b for e, b in standin.bodies if e == "chat"]
    with owner_connect(db.owner_url) as conn:
        rows = conn.execute(
            "SELECT t.purpose, sum(t.prompt_tokens), sum(t.cached_tokens), sum(t.completion_tokens),"
            " count(*) FROM token_usage t JOIN users u ON u.id = t.user_id"
            " WHERE u.telegram_id = %s GROUP BY t.purpose ORDER BY min(t.created_at)",
            (user,),
        ).fetchall()
    prompts = [
        "\n".join(str(m.get("content") or "") for m in b.get("messages") or []) for b in bodies
    ]
    return {"label": label, "rows": rows, "prompts": prompts}


def shared_prefix(prompts: list[str]) -> tuple[int, int]:
    """Characters of each step prompt shared with an earlier prompt of the pack (cacheable)."""
    shared = total = 0
    for index, prompt in enumerate(prompts):
        best = 0
        for older in prompts[:index]:
            n = 0
            for a, b in zip(prompt, older, strict=False):
                if a != b:
                    break
                n += 1
            best = max(best, n)
        shared += best
        total += len(prompt)
    return shared, total


def cost_per_1000(prompt: int, cached: int, completion: int, embed: int) -> float:
    uncached = prompt - cached
    per_pack = (
        uncached * PRICE["input"]
        + cached * PRICE["cached_input"]
        + completion * PRICE["output"]
        + embed * EMBED_PRICE
    ) / 1_000_000
    return per_pack * 1000


def enlarge(text: str, target_chars: int) -> str:
    """Pad a sample with its own lines (numbered) until it is a typical real-world length."""
    lines = [line for line in text.splitlines() if line.strip()]
    out = [text]
    index = 0
    while sum(len(x) for x in out) < target_chars:
        out.append(f"{lines[index % len(lines)]} (detail {index})")
        index += 1
    return "\n".join(out)


async def main_async(args: argparse.Namespace) -> None:
    header(
        "Generation overhead, concurrency and cost (benchmarks 5 and 6)",
        "uv run python -m bench.generation " + " ".join(sys.argv[1:]),
    )
    with bench_database("generation") as db:
        rows = await overhead(db, args.samples)
        print("5a. Stand-in answering instantly (research step, one at a time):\n")
        print(table(["interval", "n", "p50 ms", "p90 ms", "max ms"], rows))
        conc = await concurrency(db, args.users, args.delay)
        print(
            f"\n5b. Stand-in taking {args.delay:.0f}s per call, {args.users} users press at once:\n"
        )
        print(
            table(
                [
                    "users",
                    "peak running jobs",
                    "completed",
                    "wall s",
                    "steps/min",
                    "ideal steps/min (8 slots)",
                ],
                [
                    (
                        int(conc["users"]),
                        int(conc["peak"]),
                        int(conc["done"]),
                        conc["wall"],
                        conc["per_min"],
                        8 * 60 / args.delay,
                    )
                ],
            )
        )
        posting = (SAMPLES / "posting_backend.txt").read_text()
        resume = (SAMPLES / "resume.md").read_text()
        packs = [
            await pack_cost(
                db, "samples (posting 0.8k, resume 1k chars)", posting, resume, 9_000_001
            ),
            await pack_cost(
                db,
                "typical (posting 4k, resume 5k chars)",
                enlarge(posting, 4000),
                enlarge(resume, 5000),
                9_000_002,
            ),
        ]
    print(
        "\n6. Tokens per full application pack (stand-in usage = chars/4, as recorded in token_usage):\n"
    )
    out = []
    for pack in packs:
        prompt = sum(int(r[1]) for r in pack["rows"] if r[0] != "embedding")
        cached = sum(int(r[2]) for r in pack["rows"] if r[0] != "embedding")
        completion = sum(int(r[3]) for r in pack["rows"] if r[0] != "embedding")
        embed = sum(int(r[1]) for r in pack["rows"] if r[0] == "embedding")
        calls = sum(int(r[4]) for r in pack["rows"])
        shared, total = shared_prefix(pack["prompts"])
        detail = ", ".join(f"{r[0]} {int(r[1])}+{int(r[3])}" for r in pack["rows"])
        out.append(
            (
                pack["label"],
                calls,
                prompt,
                cached,
                completion,
                embed,
                f"{shared / max(1, total):.0%}",
                f"${cost_per_1000(prompt, 0, completion, embed):.2f}",
                f"${cost_per_1000(prompt, cached, completion, embed):.2f}",
            )
        )
        print(f"  {pack['label']}: per purpose (prompt+completion): {detail}")
    print()
    print(
        table(
            [
                "inputs",
                "calls",
                "prompt tok",
                "cached tok",
                "completion tok",
                "embedding tok",
                "cacheable prefix (chars)",
                "$/1,000 packs no cache",
                "$/1,000 packs with cache",
            ],
            out,
        )
    )
    print(
        f"\nPrices: gpt-4o-mini input ${PRICE['input']}/1M, cached input ${PRICE['cached_input']}/1M,"
        f" output ${PRICE['output']}/1M; text-embedding-3-small ${EMBED_PRICE}/1M — as published by"
        " OpenAI, checked 2026-11-26 from memory of the public pricing page; verify before relying on it."
        " OpenAI caches only prompts ≥ 1,024 tokens (in 128-token steps), so short packs get no discount."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--samples", type=int, default=None)
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--delay", type=float, default=5.0)
    args = parser.parse_args()
    args.samples = args.samples or (8 if args.quick else 30)
    args.users = args.users or (16 if args.quick else 32)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
