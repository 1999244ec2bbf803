"""With the OpenAI stand-in: a restart mid-generation resumes once; streaming is throttled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from playground.bot_api import BotApiEmulator
from playground.openai_api import OpenAIStandIn
from tests.conftest import TestDatabase
from tests.e2e.conftest import POSTING, bot_session, make_settings, onboard
from tests.e2e.helpers import ChatUser, new_telegram_id


@pytest.fixture
async def standin() -> AsyncIterator[OpenAIStandIn]:
    async with OpenAIStandIn() as server:
        yield server


def openai_settings(tmp_path: Path, standin: OpenAIStandIn) -> Settings:
    return make_settings(
        tmp_path,
        openai_api_key="sk-test",
        openai_base_url=f"{standin.url}/v1",
        job_lease_s=1,
        llm_max_retries=0,
    )


async def test_restart_mid_generation_resumes_exactly_once(
    test_db: TestDatabase, tmp_path: Path, standin: OpenAIStandIn
) -> None:
    settings = openai_settings(tmp_path, standin)
    async with BotApiEmulator() as emulator:
        async with bot_session(settings, test_db.bot_url, emulator=emulator) as first:
            user = ChatUser(emulator, first.core.db, new_telegram_id())
            await onboard(user)
            after = user.send(POSTING)
            card = await user.wait("Match rate", after=after)
            standin.delay_s = 60.0  # the model is slow: the step is still running at shutdown
            user.press(card, "Research")
            await user.wait("Writing the research report", after=after)
            # The process dies: the in-flight step is abandoned (JobWorker.stop's grace is a
            # hard-coded 10 s, so a clean exit would simply wait for the step to finish).
            assert first.core.worker is not None
            await first.core.worker.stop(grace_s=0.1)
        standin.delay_s = 0.0
        async with bot_session(settings, test_db.bot_url, emulator=emulator) as second:
            user.db = second.core.db
            resumed = await user.wait("Resuming research report", after=after, timeout=20)
            await user.wait_edit(resumed.message_id, "Research report ready (version 1)")
            await user.wait_edit(resumed.message_id, "Steps: ✅ Research")
            uid = await user.user_uuid()
            assert uid is not None
            async with second.core.db.as_user(uid) as uow:
                docs = await uow.documents.all()
                active = await uow.jobs.all_active()
        assert [(d.document_type, d.version) for d in docs] == [("research_report", 1)]
        assert [j for j in active if j.kind != "embed"] == []
        assert sum("Research report ready" in t for t in user.texts()) == 1


async def test_streaming_shows_drafts_at_most_about_once_a_second(
    test_db: TestDatabase, tmp_path: Path, standin: OpenAIStandIn
) -> None:
    standin.token_delay_s = 0.01
    async with bot_session(openai_settings(tmp_path, standin), test_db.bot_url) as session:
        user = ChatUser(session.emulator, session.core.db, new_telegram_id())
        await onboard(user)
        after = user.send(POSTING)
        card = await user.wait("Match rate", after=after)
        user.press(card, "Research")
        await user.wait("Research report ready", after=after, timeout=20)
    drafts = session.emulator.drafts(user.telegram_id)
    assert len(drafts) >= 2, "no streamed preview was shown"
    assert all("Research report (writing…)" in d.text for d in drafts)
    assert len(drafts[-1].text) > len(drafts[0].text)
    # Throttled to one push per second: over the span of the drafts, at most span + 1 of
    # them (+1 for network jitter between the bot's clock and the emulator's).
    span = drafts[-1].at - drafts[0].at
    assert len(drafts) <= span + 2, [round(d.at - drafts[0].at, 2) for d in drafts]
