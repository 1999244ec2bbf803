"""Fixtures: a fresh emulator per test and a real PTB Bot / Application wired to it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder

from playground.bot_api import BotApiEmulator

TOKEN = "123456:TEST"


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emu:
        yield emu


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN, base_url=f"{emulator.url}/bot", base_file_url=f"{emulator.url}/file/bot"
    ) as b:
        yield b


def builder_for(emulator: BotApiEmulator) -> ApplicationBuilder:
    """The exact wiring a JobForge test uses to point PTB at the emulator."""
    return (
        Application.builder()
        .token(emulator.token)
        .base_url(f"{emulator.url}/bot")
        .base_file_url(f"{emulator.url}/file/bot")
    )


@asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    """Run an Application with long polling for the duration of the block."""
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
def make_app(emulator: BotApiEmulator) -> Callable[[], Application]:
    return lambda: builder_for(emulator).build()
