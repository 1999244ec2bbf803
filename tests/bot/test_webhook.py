"""Webhook mode: Telegram's secret token is checked before anything else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from bot.application import Core, build_application
from bot.config import Settings
from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, make_web_app
from playground.bot_api import BotApiEmulator

SECRET = "s3cret-token-value"
USER = 7_700_001


def _update(text: str) -> dict[str, object]:
    return {
        "update_id": 991,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "text": text,
            "chat": {"id": USER, "type": "private", "first_name": "Web"},
            "from": {"id": USER, "is_bot": False, "first_name": "Web"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


@pytest.fixture
async def webhook_server(test_db, tmp_path: Path) -> AsyncIterator[tuple[str, BotApiEmulator]]:
    settings = Settings(
        openai_api_key=None, telegram_bot_token=None, database_url=None, data_dir=tmp_path
    )
    async with BotApiEmulator() as emu:
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
            yield str(server.make_url("")), emu
        finally:
            await server.close()
            await application.stop()
            await application.shutdown()
            await core.close()


@pytest.mark.parametrize("header", [None, "", "wrong-token", SECRET + "x"])
async def test_requests_without_the_secret_are_refused(webhook_server, header) -> None:
    base, emu = webhook_server
    headers = {SECRET_HEADER: header} if header is not None else {}
    async with httpx.AsyncClient() as client:
        response = await client.post(base + WEBHOOK_PATH, json=_update("/help"), headers=headers)
    assert response.status_code == 403
    assert emu.messages(USER) == []


async def test_update_with_the_secret_is_handled(webhook_server) -> None:
    base, emu = webhook_server
    emu.user_sends_text(USER, "hello", first_name="Web")  # the chat must exist for replies
    async with httpx.AsyncClient() as client:
        response = await client.post(
            base + WEBHOOK_PATH, json=_update("/help"), headers={SECRET_HEADER: SECRET}
        )
        assert response.status_code == 200
        bad = await client.post(
            base + WEBHOOK_PATH, content=b"{not json", headers={SECRET_HEADER: SECRET}
        )
        assert bad.status_code == 400
    reply = await emu.wait_for_message(USER, contains="How to use JobForge", timeout=10)
    assert "/resume" in reply.content


async def test_health_endpoint_reports_database(webhook_server) -> None:
    base, _ = webhook_server
    async with httpx.AsyncClient() as client:
        response = await client.get(base + "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
