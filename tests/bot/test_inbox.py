"""The durable inbox around the update processor and the webhook, on the real database."""

from __future__ import annotations

import asyncio
import itertools
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer
from telegram import Update

from bot.application import Core, build_application
from bot.config import Settings
from bot.inbound import Inbox
from bot.paste_assembly import PasteAssembler
from bot.update_processor import PerUserUpdateProcessor
from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, make_web_app
from playground.bot_api import BotApiEmulator
from storage.database import Database
from storage.inbox import InboxRepository

_bots = itertools.count(800_000_000 + (os.getpid() % 100_000) * 1_000)
SECRET = "inbox-webhook-secret"


def _update(update_id: int, user: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 1_700_000_123,
        "text": text,
        "chat": {"id": user, "type": "private", "first_name": "Dee"},
        "from": {"id": user, "is_bot": False, "first_name": "Dee"},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"update_id": update_id, "message": message}


class _Runs:
    """Stands for an update's handlers: counts how often they actually ran."""

    def __init__(self) -> None:
        self.count = 0

    async def handle(self) -> None:
        self.count += 1


def _processor(db: Database, bot_id: int) -> PerUserUpdateProcessor:
    """A fresh process's processor: new memory, same table."""
    return PerUserUpdateProcessor(8, inbox=Inbox(InboxRepository(db.engine, bot_id)))


async def test_a_duplicate_runs_once_in_a_process_and_after_a_restart(db: Database) -> None:
    bot_id = next(_bots)
    raw = _update(5, 42, "hello")
    update = Update.de_json(raw, None)
    runs = _Runs()
    first = _processor(db, bot_id)
    assert first.inbox is not None
    await first.inbox.record([raw])
    await first.do_process_update(update, runs.handle())
    await first.inbox.record([raw])  # replayed at start, and Telegram redelivers it
    await first.do_process_update(update, runs.handle())
    assert runs.count == 1

    restarted = _processor(db, bot_id)  # Telegram redelivers after a restart
    assert restarted.inbox is not None
    await restarted.inbox.record([raw])
    await restarted.do_process_update(update, runs.handle())
    assert runs.count == 1
    assert await restarted.inbox.repository.unfinished() == []


async def test_a_duplicate_part_of_a_split_paste_is_not_joined_twice(db: Database) -> None:
    """A replayed first part and Telegram's copy of it must not become one doubled text."""
    bot_id = next(_bots)
    part = "Senior backend engineer. " * 150  # a nearly full 4096-character part
    raw = _update(6, 45, part.strip())
    processor = _processor(db, bot_id)
    processor.pastes = PasteAssembler(window_s=0.3)
    assert processor.inbox is not None
    await processor.inbox.record([raw])
    seen: list[str | None] = []

    async def handler() -> None:
        seen.append(await processor.pastes.collect(45))

    first = asyncio.create_task(processor.do_process_update(Update.de_json(raw, None), handler()))
    await asyncio.sleep(0.05)  # the first part's handler is waiting for more parts
    await processor.inbox.record([raw])
    await processor.do_process_update(Update.de_json(raw, None), _Runs().handle())
    await first
    assert seen == [part.strip()]
    assert await processor.inbox.repository.unfinished() == []


async def test_an_id_reused_for_a_new_update_is_processed(db: Database) -> None:
    """Telegram picks new update ids at random after a week of silence."""
    bot_id = next(_bots)
    processor = _processor(db, bot_id)
    assert processor.inbox is not None
    runs = _Runs()
    for text_ in ("before the silence", "a week later"):
        raw = _update(13, 46, text_)
        await processor.inbox.record([raw])
        await processor.do_process_update(Update.de_json(raw, None), runs.handle())
    assert runs.count == 2


async def test_a_poison_update_is_not_retried_forever(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    bot_id = next(_bots)
    raw = _update(9, 43, "a message whose processing kills the process")
    update = Update.de_json(raw, None)
    repository = InboxRepository(db.engine, bot_id)
    await repository.record([raw])
    for _ in range(2):  # recorded by a process that died (attempt 1), two more replays died
        await repository.claim(9, 3)
    runs = _Runs()
    await _processor(db, bot_id).do_process_update(update, runs.handle())
    assert runs.count == 0
    assert await repository.unfinished() == []
    assert "update 9 given up after 3 attempts" in caplog.text
    assert "kills the process" not in caplog.text


async def test_a_failing_handler_still_closes_its_update(db: Database) -> None:
    bot_id = next(_bots)
    raw = _update(11, 44, "boom")
    processor = _processor(db, bot_id)
    assert processor.inbox is not None
    await processor.inbox.record([raw])

    async def fails() -> None:
        raise RuntimeError("handler bug")

    with pytest.raises(RuntimeError):
        await processor.do_process_update(Update.de_json(raw, None), fails())
    assert await processor.inbox.repository.unfinished() == []


async def test_a_webhook_delivery_telegram_retries_is_answered_once(
    test_db: Any, tmp_path: Path
) -> None:
    """Telegram posts an update again when our 200 did not reach it."""
    user = 8_200_000_001
    settings = Settings(
        openai_api_key=None, telegram_bot_token=None, database_url=None, data_dir=tmp_path
    )
    async with BotApiEmulator(token="434343:INBOX-WEBHOOK-TOKEN-0123") as emu:
        emu.user_sends_text(user, "hello", first_name="Dee")  # the chat must exist for replies
        core = Core.create(settings, test_db.bot_url, pool_size=2)
        application = build_application(
            core, emu.token, emu.url, process_jobs=False, run_scheduler=False
        )
        await application.initialize()
        assert application.post_init is not None
        await application.post_init(application)
        await application.start()
        server = TestServer(make_web_app(application, core, SECRET), host="127.0.0.1")
        await server.start_server()
        try:
            body = _update(77_001, user, "/help")
            async with httpx.AsyncClient() as client:
                for _ in range(2):
                    response = await client.post(
                        str(server.make_url(WEBHOOK_PATH)),
                        json=body,
                        headers={SECRET_HEADER: SECRET},
                    )
                    assert response.status_code == 200
            await emu.wait_for_message(user, contains="How to use JobForge", timeout=10)
        finally:
            await server.close()
            await application.stop()  # waits for the updates being processed
            await application.shutdown()
            await core.close()
        helps = [m for m in emu.messages(user) if "How to use JobForge" in m.content]
        assert len(helps) == 1
