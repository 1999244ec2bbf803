"""❓ Check my gaps: the bot asks about what the posting wants and the resume does not show;
a "yes" raises the match and may be said in the documents, a "no" is never claimed."""

from __future__ import annotations

import re
from collections.abc import Callable

from playground.bot_api_models import SentMessage
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser


async def test_gap_questions_raise_the_match_honestly(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    before = int(card.content.split("Match rate: ")[1].split("%")[0])
    user.press(card, "Check my gaps")
    question = await user.wait("Have you done it?", after=card.message_id)
    first_gap = question.content.split(" lists ")[1].split(" as ")[0]

    async def next_after(previous: str) -> SentMessage:
        def changed() -> SentMessage | None:
            for m in user.emulator.messages(user.telegram_id):
                if m.message_id == question.message_id and m.content != previous:
                    return m
            return None

        return await user.emulator.wait_for(changed, 10)

    user.press(question, "No")  # the first gap: a "no" is remembered, never claimed
    message = await next_after(question.content)
    answers = 0
    while "No more gaps" not in message.content:
        assert "Have you done it?" in message.content
        user.press(message, "course/project")
        answers += 1
        assert answers < 20
        message = await next_after(message.content)
    done = message.content
    now = int(done.split("→ ")[1].split("%")[0]) if "→" in done else before
    assert answers == 0 or now > before
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        facts = await uow.facts.all()
    assert any(f.skill == first_gap and not f.has for f in facts)
    assert sum(f.has for f in facts) == answers

    user.press(card, "Generate all")
    await user.wait_edit(card.message_id, "Cover letter ready", timeout=30)
    texts = "\n".join(m.content for m in user.emulator.messages(user.telegram_id))
    said_no = re.compile(rf"{re.escape(first_gap)}: I have worked with it", re.I)
    assert not said_no.search(texts)
