"""A long paste arrives the way a Telegram client sends it: split into messages of at most
4096 characters. The user must get one answer for the whole text, never one per part."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from playground.bot_api_format import split_like_client
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser


def _long_resume(chars: int) -> str:
    bullets = []
    i = 0
    while len(RESUME) + sum(len(b) + 1 for b in bullets) < chars:
        i += 1
        bullets.append(
            f"- Delivered warehouse integration number {i} for client {i} in {i + 2} weeks"
        )
    return RESUME.replace("## Skills", "\n".join(bullets) + "\n\n## Skills")


def _long_posting(chars: int) -> str:
    lines = []
    i = 0
    while len(POSTING) + sum(len(line) + 1 for line in lines) < chars:
        i += 1
        lines.append(f"- You will maintain reporting pipeline {i} together with the analytics team")
    head, _, rest = POSTING.partition("\n\n")
    return f"{head}\n\n" + "\n".join(lines) + f"\n\n{rest}"


def test_the_emulator_splits_like_a_client() -> None:
    text = _long_resume(9000)
    parts = split_like_client(text)
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text


@pytest.mark.parametrize("chars", [5000, 9000, 19000])
async def test_a_split_resume_is_stored_whole(
    new_user: Callable[..., ChatUser], chars: int
) -> None:
    user = new_user()
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    text = _long_resume(chars)
    after = user.send(text)
    saved = await user.wait("I read:", after=after)
    replies = [m for m in user.emulator.messages(user.telegram_id) if m.message_id > after]
    assert replies == [saved]  # one answer for the whole paste
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        resumes = await uow.resumes.all()
    assert len(resumes) == 1
    assert "## Skills" in resumes[0].content and "Contoso Retail" in resumes[0].content
    last = text.split("\n## Skills")[0].splitlines()[-1]
    assert last in resumes[0].content


async def test_a_split_posting_becomes_one_application(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user, RESUME)
    posting = _long_posting(7000)
    after = user.send(posting)
    card = await user.wait("Match rate", after=after)
    assert "Acme" in card.content
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        apps = await uow.applications.all_for_export()
    assert len(apps) == 1 and "pipeline 60" in apps[0].job_description
