"""A whole journey at DEBUG leaves neither the bot token nor anything the user typed in the
logs (what an operator, a log shipper or a crash report would see)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.log_hygiene import TokenRedactor
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser

RESUME_LINE = "Cut p99 latency of the order API by 40% by adding Redis caching"
SEARCH_TERM = "Zanzibarquux"


async def test_a_debug_journey_logs_no_token_and_no_user_text(
    new_user: Callable[..., ChatUser], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(TokenRedactor())
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Research")
    await user.wait("Research report ready", after=after, timeout=30)
    after = user.send(f"/search {SEARCH_TERM}")
    await user.wait("No", after=after)
    logs = caplog.text
    assert user.emulator.token not in logs
    assert RESUME_LINE not in logs and SEARCH_TERM not in logs
    assert "Acme Analytics helps 2,000 retailers" not in logs
