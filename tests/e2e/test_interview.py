"""The interview stage through the real bot and the emulator: "interviewing" asks for the
date, the date is read as typed and shown on the card, a reminder waits for the evening
before, and 🎤 sends a prep built from the posting and the user's own resume lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.services.interview import REMINDER_TIME
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser, button_labels


async def _interviewing(user: ChatUser) -> tuple[int, str]:
    """A card moved to "interviewing": its message id and the bot's question."""
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Stage")
    menu = await user.wait_edit(card.message_id, "Choose the new stage")
    after = user.mark()
    user.press(menu, "interviewing")
    question = await user.wait("When is the interview?", after=after)
    return card.message_id, question.content


async def test_interviewing_asks_the_date_and_reminds_the_evening_before(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("Ines")
    card_id, _question = await _interviewing(user)
    after = user.send("someday soon")  # not a date: said so, the question stays open
    await user.wait("", after=after)
    when = datetime.now(UTC) + timedelta(days=10)
    after = user.send(f"{when:%d.%m.%Y} 14:30")
    booked = await user.wait("Interview on", after=after)
    assert "2:30" in booked.content and "UTC" in booked.content
    card = await user.wait("🗣 Interview:", after=after)
    assert {"📅 Interview date", "🎤 Interview prep"} <= set(button_labels(card))
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        (app,) = await uow.applications.all_for_export()
        reminders = await uow.reminders.pending()
    assert app.stage == "interviewing" and app.applied_at is not None
    assert app.responded_at is not None
    assert [(r.kind, r.due_at) for r in reminders] == [
        (
            "interview",
            datetime.combine(when.date() - timedelta(days=1), REMINDER_TIME, tzinfo=UTC),
        )
    ]

    # Moved to another day: still one interview reminder, for the new evening before.
    user.press(card, "📅 Interview date")
    await user.wait("When is the interview?", after=after)
    later = when + timedelta(days=2)
    after = user.send(f"{later:%d.%m.%Y} 9:00")
    await user.wait("Interview on", after=after)
    async with user.db.as_user(uid) as uow:
        reminders = await uow.reminders.pending()
    assert [r.due_at.date() for r in reminders] == [later.date() - timedelta(days=1)]
    assert card_id and not [t for t in user.texts() if "went wrong" in t]


async def test_interview_prep_quotes_the_users_own_lines_and_names_the_gaps(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("Omar")
    await _interviewing(user)
    after = user.send("/cancel")  # no date yet: the prep does not need one
    await user.wait("", after=after)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        (app,) = await uow.applications.all_for_export()
    card = await user.wait("Match rate")
    after = user.mark()
    answer = await user.answer(user.press(card, "🎤 Interview prep"))
    assert answer.text == "Interview prep (version 1)"
    await user.wait("Questions to ask them", after=after)  # long: in several messages
    sent = "\n".join(
        m.content for m in user.emulator.messages(user.telegram_id) if m.message_id > after
    )
    assert f"Interview prep: {app.role_title} at {app.company_name}" in sent
    quoted = [line for line in RESUME.splitlines() if line.strip("-• ").strip()]
    assert any(line.strip("-• ").strip()[:40] in sent for line in quoted)
    for heading in ("What they will probe", "Likely questions", "STAR stories"):
        assert heading in sent
    # Pressed again with nothing changed: the same version, not a copy.
    answer = await user.answer(user.press(card, "🎤 Interview prep"))
    assert answer.text == "Interview prep (version 1, unchanged)"
    async with user.db.as_user(uid) as uow:
        versions = await uow.documents.versions(app.id, "interview_prep")
    assert [d.version for d in versions] == [1]
