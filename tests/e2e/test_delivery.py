"""What reaches the user: special characters intact, long documents split, 429s retried."""

from __future__ import annotations

from collections.abc import Callable

from playground.bot_api_models import RateLimits
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser

TRICKY = "R&D <Labs> & <script>alert</script>"


async def test_html_and_markdown_characters_arrive_intact(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    resume = RESUME.replace("Northwind Logistics", "Northwind <Ops> & Co_*")
    await onboard(user, resume)
    posting = POSTING.replace("Acme Analytics", TRICKY, 1).replace(
        "Python services", "Python <services> & a_b *c*"
    )
    after = user.send(posting)
    card = await user.wait("Match rate", after=after)
    assert TRICKY in card.content, card.content
    user.press(card, "Research")
    await user.wait("Research report ready", after=after)
    done = await user.wait("Steps: ✅ Research", after=after)
    assert TRICKY in done.content
    user.press(done, "Edit")
    menu = await user.wait_edit(done.message_id, "What do you want to change?")
    user.press(menu, "Company")
    await user.wait("Send the new company", after=after)
    mark = user.send("AT&T <Bell> Labs_*")
    edited = await user.wait("Match rate", after=mark)
    assert "AT&T <Bell> Labs_*" in edited.content
    assert not [t for t in user.texts() if "went wrong" in t or "&amp;" in t or "&lt;" in t]


async def test_long_document_is_split_and_sent_as_a_file(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    lines = "\n".join(
        f"- Built Python service number {i} on PostgreSQL with Docker and Redis for team {i}"
        for i in range(80)
    )
    await onboard(user, RESUME.replace("## Skills", lines + "\n\n## Skills"))
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Research")
    done = await user.wait_edit(card.message_id, "Research report ready")
    assert "Steps: ✅ Research" in done.content
    mark = user.mark()
    user.press(done, "Optimize resume")
    await user.wait_edit(card.message_id, "Optimized resume ready")
    file_msg = await user.wait("too long for one message", after=mark)
    chunks = [
        m
        for m in user.emulator.messages(user.telegram_id)
        if mark < m.message_id < file_msg.message_id
    ]
    assert len(chunks) >= 2
    assert all(len(m.content) <= 4096 for m in chunks)
    assert file_msg.document is not None and file_msg.document.filename.endswith(".md")
    whole = file_msg.document.data.decode()
    assert len(whole) > 4096
    assert "service number 79" in whole
    assert "Regenerate" in " ".join(b.text for b in file_msg.buttons)


async def test_every_message_arrives_despite_429_replies(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    emulator = user.emulator
    emulator.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    assert emulator.request_counts["sendMessage"] >= 2
    emulator.set_rate_limits(RateLimits(per_chat_per_second=2.0, per_chat_burst=1.0))
    try:
        after = user.mark()
        for command in ("/help", "/settings", "/applications", "/help"):
            user.send(command)
        await user.emulator.wait_for(
            lambda: (
                len([m for m in emulator.messages(user.telegram_id) if m.message_id > after]) >= 4
            ),
            timeout=20,
        )
    finally:
        emulator.set_rate_limits(None)
    replies = [m.content for m in emulator.messages(user.telegram_id) if m.message_id > after]
    assert sum("How to use JobForge" in r for r in replies) == 2
    assert any("Settings" in r for r in replies)
    assert any("No applications" in r for r in replies)
    assert emulator.rate_limited_count > 0
