"""kill -9 while a pasted posting is being read: after a restart the user gets the answer,
once. The real `jobforge run` process polls the emulator over HTTP; the model stand-in is
slow the first time, so the kill lands while the update is being processed. The restarted
bot is the same Application run in this process (a second `jobforge run` would add ~10 s
of imports on a loaded machine, and the replay happens in code both share)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from playground.bot_api import BotApiEmulator
from playground.openai_api import OpenAIStandIn
from storage.migrations import create_database, drop_database
from storage.urls import bot_url, libpq_dsn, with_database
from tests.e2e.conftest import bot_session, make_settings

SAMPLES = Path(__file__).resolve().parents[2] / "playground" / "samples"
POSTING = (SAMPLES / "posting_backend.txt").read_text()
TOKEN = "424242:INBOX-TEST-TOKEN-0123456789"
USER = 8_100_000_001
ANSWER = "Match rate"
PASSWORD = "inbox-test-bot-password"


@pytest.fixture
def owner_url(pg_server_url: str) -> Iterator[str]:
    """A database of its own: the killed process leaves nothing for other tests."""
    name = f"jf_inbox_{uuid.uuid4().hex[:8]}"
    create_database(pg_server_url, name)
    try:
        yield with_database(pg_server_url, name)
    finally:
        drop_database(pg_server_url, name)


@pytest.fixture
async def services() -> AsyncIterator[tuple[BotApiEmulator, OpenAIStandIn]]:
    async with BotApiEmulator(token=TOKEN) as emu, OpenAIStandIn() as standin:
        yield emu, standin


async def _start_bot(env: dict[str, str], emu: BotApiEmulator) -> Any:
    """`jobforge run` as its own process; ready once it polls."""
    before = emu.request_counts["getUpdates"]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", env=env, stdout=asyncio.subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while emu.request_counts["getUpdates"] <= before:
        assert proc.returncode is None, f"jobforge run exited with {proc.returncode}"
        assert time.monotonic() < deadline, "jobforge run did not start polling"
        await asyncio.sleep(0.05)
    return proc


async def _wait(condition: Any, timeout: float, what: str) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.05)


def _applications(owner_url: str) -> int:
    with psycopg.connect(libpq_dsn(owner_url)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM applications a JOIN users u ON u.id = a.user_id"
            " WHERE u.telegram_id = %s",
            (USER,),
        ).fetchone()
    return int(row[0]) if row else 0


async def test_kill_during_a_pasted_posting_still_answers_once_after_restart(
    owner_url: str, services: tuple[BotApiEmulator, OpenAIStandIn], tmp_path: Path
) -> None:
    emu, standin = services
    env = {
        **os.environ,
        "DATABASE_URL": owner_url,
        "JOBFORGE_APP_DB_PASSWORD": PASSWORD,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": emu.url,
        "OPENAI_API_KEY": "sk-inbox-test",
        "OPENAI_BASE_URL": f"{standin.url}/v1",
        "JOBFORGE_LOG_LEVEL": "WARNING",
        "JOBFORGE_DATA_DIR": str(tmp_path),
    }
    standin.delay_s = 60.0  # reading the posting hangs until the process is killed
    first = await _start_bot(env, emu)
    try:
        emu.user_sends_text(USER, POSTING, first_name="Kim")
        await _wait(lambda: sum(standin.requests.values()) > 0, 20, "the posting was not read")
        # Telegram already forgot the update: the next getUpdates acknowledged it.
        await _wait(lambda: not emu.state.updates, 5, "the update was not acknowledged")
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    assert not [m for m in emu.messages(USER) if ANSWER in m.content]

    standin.delay_s = 0.0
    settings = make_settings(
        tmp_path, openai_api_key="sk-inbox-test", openai_base_url=f"{standin.url}/v1"
    )
    async with bot_session(settings, bot_url(owner_url, PASSWORD), emulator=emu):
        await emu.wait_for_message(USER, contains=ANSWER, timeout=15)
        await asyncio.sleep(1.0)  # room for a second answer, if there were one
    assert len([m for m in emu.messages(USER) if ANSWER in m.content]) == 1
    assert _applications(owner_url) == 1
