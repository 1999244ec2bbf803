"""The issue's acceptance: the real bot plus two `jobforge worker` processes (in-process
here) share one database and one Bot API; a digest due in a moment arrives once, on time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bot.application import Core, run_worker
from bot.config import Settings
from handlers.callbacks import encode
from playground.session import playground
from tests.scheduling.conftest import DatabaseUrls, digests

DANA = 7_700_001


async def test_digest_arrives_exactly_once_after_its_time_with_bot_and_two_workers(
    fresh_db: DatabaseUrls, tmp_path: Path
) -> None:
    settings = Settings(
        openai_api_key=None,
        telegram_bot_token=None,
        database_url=None,
        scheduler_tick_s=0.3,
        data_dir=tmp_path,
    )
    async with playground(settings, fresh_db.bot_url) as session:
        emu = session.emulator
        workers = [Core.create(settings, fresh_db.bot_url, pool_size=2) for _ in range(2)]
        tasks = [asyncio.create_task(run_worker(core, emu.token, emu.url)) for core in workers]
        try:
            emu.user_sends_text(DANA, "/settings", first_name="Dana")
            menu = await emu.wait_for_message(DANA, contains="Settings", timeout=10)
            emu.user_presses_button(DANA, menu.message_id, encode("set", None, "f.daily"))
            await emu.wait_for(lambda: menu.edits, timeout=10)
            assert "Digest: daily" in menu.content

            db = session.core.db
            async with db.system() as system:
                user_id = await system.find_user(DANA)
            assert user_id is not None
            due = datetime.now(UTC) + timedelta(seconds=2)
            async with db.as_user(user_id) as uow:  # "the next minute", made shorter
                await uow.users.update_settings(next_digest_at=due)

            message = await emu.wait_for_message(DANA, contains="Your JobForge digest", timeout=15)
            assert message.date >= int(due.timestamp())
            await asyncio.sleep(1.5)  # about five more ticks of each of the three schedulers
            assert len(digests(emu, DANA)) == 1
            async with db.as_user(user_id) as uow:
                rows = (
                    await uow.connection.execute(
                        text("SELECT status, due_at, sent_at FROM digest_deliveries")
                    )
                ).all()
                me = await uow.users.me()
            assert len(rows) == 1
            status, due_at, sent_at = rows[0]
            assert status == "sent" and sent_at >= due_at
            assert abs((due_at - due).total_seconds()) < 0.001
            assert me is not None and me.next_digest_at is not None
            assert me.next_digest_at > due_at and me.next_digest_at.astimezone(UTC).hour == 9
        finally:
            for core in workers:
                core.stop_event.set()
            await asyncio.gather(*tasks, return_exceptions=True)
