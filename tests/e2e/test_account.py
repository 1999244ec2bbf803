"""/settings, /delete_me, /cancel, and a waiting state that survives a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from playground.bot_api import BotApiEmulator
from storage.database import Database
from tests.conftest import TestDatabase
from tests.e2e.conftest import POSTING, RESUME, bot_session, make_settings, onboard
from tests.e2e.helpers import ChatUser, new_telegram_id


async def test_settings_buttons_change_digest_and_time_zone(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    after = user.send("/settings")
    panel = await user.wait("Settings", after=after)
    user.press(panel, "Digest daily")
    panel = await user.wait_edit(panel.message_id, "Digest: daily at")
    user.press(panel, "Europe/Berlin")
    panel = await user.wait_edit(panel.message_id, "Time zone: Europe/Berlin")
    for label in ("Digest daily", "Europe/Berlin"):  # the option already chosen, tapped again
        query = user.press(panel, label)
        answered = await user.answer(query)
        assert answered.text == "Saved"
    assert not any("went wrong" in text for text in user.texts())
    user.press(panel, "Other…")
    await user.wait("Send your city", after=after)
    mark = user.send("Asia/Tokyo")
    await user.wait("Time zone set to Asia/Tokyo", after=mark)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        me = await uow.users.me()
    assert me is not None
    assert (me.digest_frequency, me.timezone) == ("daily", "Asia/Tokyo")
    assert me.next_digest_at is not None


async def test_delete_me_with_confirmation_removes_everything(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Research")
    await user.wait("Research report ready", after=after)
    uid = await user.user_uuid()
    assert uid is not None

    after = user.send("/delete_me")
    ask = await user.wait("cannot be undone", after=after)
    user.press(ask, "Cancel")
    await user.wait_edit(ask.message_id, "nothing was deleted")
    assert await user.user_uuid() == uid

    after = user.send("/delete_me")
    ask = await user.wait("cannot be undone", after=after)
    user.press(ask, "Delete everything")
    await user.wait_edit(ask.message_id, "All your data is gone")
    assert await user.user_uuid() is None
    query = user.press(card, "Similar jobs")  # an old button after the deletion
    reply = await user.answer(query)
    assert reply.text is not None and "/start" in reply.text
    assert await user.user_uuid() is None  # nothing re-created without /start
    async with user.db.as_user(uid) as uow:
        assert await uow.resumes.all() == []
        assert await uow.applications.count() == 0
        assert await uow.documents.all() == []
        assert await uow.reminders.pending() == []


async def test_cancel_clears_the_pending_state(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    after = user.send("/cancel")
    await user.wait("cancelled", after=after)
    after = user.send("Python developer, 6 years")  # no longer read as a resume
    reply = await user.wait("", after=after)
    assert "too short for a job posting" in reply.content
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        me = await uow.users.me()
        resumes = await uow.resumes.all()
    assert me is not None and me.pending_input == {}
    assert resumes == []


async def test_waiting_for_a_resume_survives_a_restart(
    test_db: TestDatabase, tmp_path: Path, db: Database
) -> None:
    settings = make_settings(tmp_path)
    async with BotApiEmulator() as emulator:
        user = ChatUser(emulator, db, new_telegram_id())
        async with bot_session(settings, test_db.bot_url, emulator=emulator):
            after = user.send("/start")
            await user.wait("send me your resume", after=after)
        async with bot_session(settings, test_db.bot_url, emulator=emulator):
            after = user.send(RESUME)
            await user.wait("Saved", after=after)
    uid = await user.user_uuid()
    assert uid is not None
    async with db.as_user(uid) as uow:
        assert len(await uow.resumes.all()) == 1


async def test_blocking_and_unblocking_the_bot_is_recorded(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    uid = await user.user_uuid()
    assert uid is not None

    async def blocked() -> bool:
        async with user.db.as_user(uid) as uow:
            me = await uow.users.me()
        return me is not None and me.blocked_at is not None

    user.emulator.user_blocks_bot(user.telegram_id)
    await wait_until(blocked)
    user.emulator.user_unblocks_bot(user.telegram_id)
    await wait_until(lambda: _negate(blocked))  # unblocking clears it
    after = user.send("/help")
    await user.wait("How to use JobForge", after=after)
    after = user.send("/delete_me")
    ask = await user.wait("cannot be undone", after=after)
    user.press(ask, "Delete everything")
    await user.wait_edit(ask.message_id, "All your data is gone")
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    fresh = await user.user_uuid()
    assert fresh is not None and fresh != uid, "a deleted user starts again as a new user"


async def _negate(check: Callable[[], Awaitable[bool]]) -> bool:
    return not await check()


async def wait_until(check: Callable[[], Awaitable[bool]], limit_s: float = 15.0) -> None:
    """Poll a database condition; the limit is a hang guard, not a timing assertion."""
    deadline = asyncio.get_running_loop().time() + limit_s
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached"
        await asyncio.sleep(0.05)
