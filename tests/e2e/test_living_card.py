"""One living card per application: ⚡ Generate all edits the card in place and sends only
the documents; its buttons keep their places while steps run; an older card says so."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from playground.bot_api_models import SentMessage
from playground.openai_api import OpenAIStandIn
from tests.conftest import TestDatabase
from tests.e2e.conftest import POSTING, bot_session, make_settings, onboard
from tests.e2e.helpers import ChatUser, new_telegram_id

ALL_DONE = "Steps: ✅ Research · ✅ Optimize resume · ✅ Cover letter"


def layout(markup: dict[str, Any] | None) -> list[list[str]]:
    """What each position does: a step's button may go ▶️ → ⏳ → 📄, but stays that step's."""
    rows = (markup or {}).get("inline_keyboard") or []
    return [
        [re.sub(r"^(step|doc):", "s:", b.get("callback_data", "")) for b in row] for row in rows
    ]


def current(user: ChatUser, message_id: int) -> SentMessage:
    return next(m for m in user.emulator.messages(user.telegram_id) if m.message_id == message_id)


async def test_generate_all_edits_one_card_and_posts_only_the_documents(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    mark = user.mark()
    first = user.press(card, "Generate all")
    assert "remaining steps" in ((await user.answer(first)).text or "")

    # A second tap on the same spot while the steps run: it must not land on another button.
    pressed = current(user, card.message_id)
    same_spot = next(b for b in pressed.buttons if (b.row, b.column) == (1, 0))
    second = user.press_data(card.message_id, same_spot.callback_data or "", forge=False)
    second_answer = (await user.answer(second)).text or ""
    assert "Already writing" in second_answer or "All three documents are ready" in second_answer

    done = await user.wait_edit(card.message_id, "Cover letter ready (version 1)", timeout=30)
    assert ALL_DONE in done.content
    for line in ("Research report ready (version 1)", "Optimized resume ready (version 1)"):
        assert line in done.content
    assert "🎯 Match rate" in done.content and "Searchability" in done.content
    assert "All ready" in " ".join(b.text for b in done.buttons)

    new = [m for m in user.emulator.messages(user.telegram_id) if m.message_id > mark]
    documents = [m for m in new if any("PDF" in b.text for b in m.buttons)]
    assert len(documents) == 3  # research report, resume, letter, each its own message
    assert len(new) <= 4, [m.content[:60] for m in new]
    assert not [m for m in new if "Match rate" in m.content]  # the card was not re-sent

    states = [r.reply_markup for r in done.edits[1:]] + [done.reply_markup]
    assert len(states) >= 3  # edited as the steps progressed
    assert all(layout(s) == layout(states[0]) for s in states), [layout(s) for s in states]
    history = [r.text or "" for r in done.edits] + [done.content]
    assert not [t for t in history if "Choose the new stage" in t]
    assert not [t for t in user.texts() if "went wrong" in t or "not modified" in t]


async def test_an_older_card_loses_its_buttons_and_says_it_is_out_of_date(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    posted = await user.wait("Match rate", after=after)
    old_stage = user.button_data(posted, "Stage")

    cards: list[SentMessage] = []
    for _ in range(2):  # the user opens the same application twice from /applications
        after = user.send("/applications")
        listing = await user.wait("Your applications", after=after)
        user.press(listing, "1.")
        cards.append(await user.wait_edit(listing.message_id, "Match rate"))
    older, newer = cards

    # Retired when the newer one came (right after the newer one is shown).
    await user.emulator.wait_for(lambda: not current(user, older.message_id).buttons or None, 5)
    assert "Stage" in " ".join(b.text for b in current(user, newer.message_id).buttons)

    # A stale button (pressed on a client that still shows it, or on the very first card).
    for message_id in (older.message_id, posted.message_id):
        answer = await user.answer(user.press_data(message_id, old_stage))
        assert answer.text is not None and "out of date" in answer.text
        assert "Choose the new stage" not in current(user, message_id).content
    assert current(user, posted.message_id).buttons == []

    # The living card still works.
    user.press(current(user, newer.message_id), "Stage")
    await user.wait_edit(newer.message_id, "Choose the new stage")
    assert not [t for t in user.texts() if "went wrong" in t]


@pytest.fixture
async def standin() -> AsyncIterator[OpenAIStandIn]:
    async with OpenAIStandIn() as server:
        yield server


async def test_a_failed_step_is_told_on_the_card_and_retried_from_it(
    test_db: TestDatabase, tmp_path: Path, standin: OpenAIStandIn
) -> None:
    settings = make_settings(
        tmp_path,
        openai_api_key="sk-test",
        openai_base_url=f"{standin.url}/v1",
        llm_max_retries=0,
    )
    async with bot_session(settings, test_db.bot_url) as session:
        user = ChatUser(session.emulator, session.core.db, new_telegram_id())
        await onboard(user)
        after = user.send(POSTING)
        card = await user.wait("Match rate", after=after)
        standin.fail_next(401, count=5)
        mark = user.mark()
        user.press(card, "Research")
        failed = await user.wait_edit(card.message_id, "Research report failed")
        assert "try again" in failed.content
        assert [m for m in user.emulator.messages(user.telegram_id) if m.message_id > mark] == []

        standin.reset()
        user.press(failed, "Research")
        done = await user.wait_edit(
            card.message_id, "Research report ready (version 1)", timeout=20
        )
        assert "failed" not in done.content  # the card tells the latest outcome only
        new = [m for m in user.emulator.messages(user.telegram_id) if m.message_id > mark]
        assert len(new) == 1 and "Regenerate" in " ".join(b.text for b in new[0].buttons)
        assert not [t for t in user.texts() if "went wrong" in t]


async def test_a_card_the_user_deleted_is_sent_again_once(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    mark = user.mark()
    user.press(card, "Research")
    await user.wait_edit(card.message_id, "Research report ready")
    research = next(
        m
        for m in user.emulator.messages(user.telegram_id)
        if m.message_id > mark and "Regenerate" in " ".join(b.text for b in m.buttons)
    )
    current(user, card.message_id).deleted = True  # the user deletes the card in the app

    mark = user.mark()
    user.press(research, "Next: Optimize resume")
    again = await user.wait("Optimized resume ready (version 1)", after=mark, timeout=20)
    new = [m for m in user.emulator.messages(user.telegram_id) if m.message_id > mark]
    assert sum("Match rate" in m.content for m in new) == 1  # one fresh card, edited after
    assert "Steps: ✅ Research · ✅ Optimize resume" in again.content
    assert "Stage" in " ".join(b.text for b in again.buttons)
    assert not [t for t in user.texts() if "went wrong" in t or "not found" in t]


async def test_a_rewrite_asked_under_a_document_brings_the_card_down_once(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    mark = user.mark()
    user.press(card, "Research")
    await user.wait_edit(card.message_id, "Research report ready (version 1)")
    research = await user.wait("Research report:", after=mark)

    mark = user.mark()
    user.press(research, "Regenerate")
    moved = await user.wait("Research report ready (version 2)", after=mark, timeout=20)
    new = [m for m in user.emulator.messages(user.telegram_id) if m.message_id > mark]
    assert len(new) == 2 and new[-1].message_id == moved.message_id  # the document, the card
    assert "Regenerate" in " ".join(b.text for b in new[0].buttons)
    # The card up the chat is retired (right after the new one is sent).
    await user.emulator.wait_for(lambda: not current(user, card.message_id).buttons or None, 5)
    assert "Research report:" in current(user, research.message_id).content  # left as it was
