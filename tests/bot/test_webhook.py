"""Webhook mode: Telegram's secret token is checked before anything else."""

from __future__ import annotations

import asyncio
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


@pytest.mark.parametrize("header", [b"\xff\xfe bad", "ä" * 3, "x" * 8000, SECRET.upper()], ids=str)
async def test_malformed_secrets_get_403_without_a_traceback(
    webhook_server, header: bytes | str, caplog: pytest.LogCaptureFixture
) -> None:
    base, emu = webhook_server
    raw = header if isinstance(header, bytes) else header.encode("utf-8")
    async with httpx.AsyncClient() as client:
        response = await client.post(
            base + WEBHOOK_PATH, json=_update("/help"), headers=[(SECRET_HEADER.encode(), raw)]
        )
    assert response.status_code == 403
    assert "Traceback" not in caplog.text and emu.messages(USER) == []


async def test_a_body_that_never_finishes_is_dropped(webhook_server, monkeypatch) -> None:
    import bot.webhook as webhook

    monkeypatch.setattr(webhook, "BODY_TIMEOUT_S", 0.3)
    base, _ = webhook_server

    async def trickle() -> AsyncIterator[bytes]:
        yield b'{"update_id": 1, '
        await asyncio.sleep(2)
        yield b"}"

    async with httpx.AsyncClient() as client:
        response = await client.post(
            base + WEBHOOK_PATH, content=trickle(), headers={SECRET_HEADER: SECRET}
        )
    assert response.status_code == 408


async def test_too_many_open_requests_are_refused_not_queued(test_db, tmp_path: Path) -> None:
    settings = Settings(
        openai_api_key=None, telegram_bot_token=None, database_url=None, data_dir=tmp_path
    )
    async with BotApiEmulator() as emu:
        core = Core.create(settings, test_db.bot_url, pool_size=1)
        application = build_application(
            core, emu.token, emu.url, process_jobs=False, run_scheduler=False
        )
        server = TestServer(make_web_app(application, core, SECRET, max_in_flight=1))
        await server.start_server()
        url = str(server.make_url(WEBHOOK_PATH))

        async def slow_body() -> AsyncIterator[bytes]:
            yield b"{"
            await asyncio.sleep(1.5)
            yield b"}"

        try:
            async with httpx.AsyncClient() as client:
                held = asyncio.create_task(
                    client.post(url, content=slow_body(), headers={SECRET_HEADER: SECRET})
                )
                await asyncio.sleep(0.3)
                second = await client.post(url, json={}, headers={SECRET_HEADER: "guess"})
                assert second.status_code == 503
                await held
        finally:
            await server.close()
            await core.close()
