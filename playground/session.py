"""The bot wired to the local Bot API emulator: shared by `demo`, `chat` and the tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from bot.application import Core, build_application, running
from bot.config import Settings
from handlers.outbound.rate_limit import ChatAwareRateLimiter
from playground.bot_api import BotApiEmulator


@dataclass
class PlaygroundSession:
    emulator: BotApiEmulator
    application: Application
    core: Core


@contextlib.asynccontextmanager
async def playground(
    settings: Settings,
    bot_db_url: str,
    *,
    emulator: BotApiEmulator | None = None,
    process_jobs: bool = True,
    run_scheduler: bool = True,
    rate_limiter: ChatAwareRateLimiter | None = None,
    pool_size: int = 10,
    **emulator_kwargs: Any,
) -> AsyncIterator[PlaygroundSession]:
    """Start the emulator (unless given) and the real PTB Application polling it."""
    own = emulator is None
    emu = emulator or BotApiEmulator(**emulator_kwargs)
    if own:
        await emu.start()
    try:
        core = Core.create(settings, bot_db_url, pool_size=pool_size)
        application = build_application(
            core,
            emu.token,
            emu.url,
            process_jobs=process_jobs,
            run_scheduler=run_scheduler,
            allow_private_urls=True,
            rate_limiter=rate_limiter,
        )
        async with running(application, poll_timeout=1):
            yield PlaygroundSession(emulator=emu, application=application, core=core)
    finally:
        if own:
            await emu.stop()
