"""A finished step is announced even if the first announcement is lost."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text

from bot.services.notifier import StepOutcome
from tests.services.conftest import Harness, RecordingNotifier, wait_until, working


class FlakyNotifier(RecordingNotifier):
    """Telegram is down for the first announcement (what a crash after commit looks like)."""

    failures_left: int = 1

    async def step_finished(self, outcome: StepOutcome) -> None:
        if self.failures_left > 0:
            self.failures_left -= 1
            raise ConnectionError("Bot API unreachable")
        await super().step_finished(outcome)


async def _age_finished_jobs(h: Harness, user_id: Any) -> None:
    """The sweep waits 20 s after a job finished; pretend that time has passed."""
    async with h.db.as_user(user_id) as uow:
        await uow.connection.execute(
            text("UPDATE generation_jobs SET finished_at = now() - interval '1 minute'")
        )


async def test_lost_announcement_is_repeated_once(make_harness: Any, make_user: Any) -> None:
    flaky = FlakyNotifier()
    h: Harness = await make_harness(notifier=flaky)
    app = await h.start(make_user)
    asked = await h.generation.request(app.user_id, app.id, "research_report", chat_id=42)
    await h.drain(app)
    job = await h.job(app.user_id, asked.job.id)
    assert job.status == "done" and flaky.finished == []

    await _age_finished_jobs(h, app.user_id)
    async with working(h.worker(sweep_every_s=0.05)):
        await wait_until(lambda: _finished(flaky))
    assert [o.job.id for o in flaky.finished] == [job.id]
    assert flaky.finished[0].document.document_type == "research_report"

    await _age_finished_jobs(h, app.user_id)
    async with working(h.worker(sweep_every_s=0.05)):
        await asyncio.sleep(0.5)  # room for several sweeps
    async with h.db.as_user(app.user_id) as uow:
        notified = await uow.connection.execute(
            text("SELECT notified FROM generation_jobs WHERE id = :id"), {"id": job.id}
        )
        assert notified.scalar_one() is True
    assert len(flaky.finished) == 1, "announced exactly once"


async def _finished(notifier: RecordingNotifier) -> bool:
    return bool(notifier.finished)
