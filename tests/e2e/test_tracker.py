"""The tracker through the real bot and the emulator: /reminders (snooze, done, cancel,
paging), the pending reminder on the card, and the /applications pipeline (a count and a
button per stage, sorted by date or by priority)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.i18n import using
from handlers.views.reminder_views import card_reminder_line
from playground.bot_api_models import SentMessage
from tests.e2e.conftest import POSTING, POSTING_2, onboard
from tests.e2e.helpers import ChatUser, button_labels


def current(user: ChatUser, message_id: int) -> SentMessage:
    return next(m for m in user.emulator.messages(user.telegram_id) if m.message_id == message_id)


async def _card(user: ChatUser, posting: str = POSTING) -> SentMessage:
    after = user.send(posting)
    return await user.wait("Match rate", after=after)


async def test_a_reminder_shows_on_the_card_and_is_managed_from_reminders(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("Rita")
    await onboard(user)
    card = await _card(user)
    assert "⏰ Reminder:" not in card.content

    user.press(card, "⏰")
    menu = await user.wait_edit(card.message_id, "When should I remind you?")
    answer = await user.answer(user.press(menu, "In 1 day"))
    assert answer.text is not None and "Reminder set" in answer.text
    shown = await user.wait_edit(card.message_id, "⏰ Reminder:")
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert f"{tomorrow:%b} {tomorrow.day}" in shown.content  # "⏰ Reminder: Fri, Jan 15, …"

    after = user.send("/reminders")
    listing = await user.wait("Your reminders", after=after)
    assert "Acme Analytics — Senior Backend Engineer" in listing.content
    assert "Times in UTC." in listing.content
    assert button_labels(listing) == ["1. Snooze 1 day", "1. Done", "1. Cancel"]

    answer = await user.answer(user.press(listing, "1. Snooze"))
    assert answer.text == "Snoozed for 1 day."
    answer = await user.answer(user.press(listing, "1. Done"))
    assert answer.text == "Marked done."
    await user.wait_edit(listing.message_id, "No pending reminders")
    assert button_labels(current(user, listing.message_id)) == []

    # The card no longer shows it once it is opened again.
    after = user.send("/applications")
    apps = await user.wait("Your applications", after=after)
    user.press(apps, "1.")
    reopened = await user.wait_edit(apps.message_id, "Match rate")
    assert "⏰ Reminder:" not in reopened.content
    assert not [t for t in user.texts() if "went wrong" in t]


async def test_reminders_page_by_eight_and_cancel_from_the_list(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("Paul")
    await onboard(user)
    await _card(user)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        (app,) = await uow.applications.all_for_export()
        for day in range(1, 11):
            await uow.reminders.add(app.id, datetime.now(UTC) + timedelta(days=day))

    after = user.send("/reminders")
    listing = await user.wait("Your reminders", after=after)
    assert "page 1/2" in listing.content and "8." in listing.content
    user.press(listing, "▶️")
    second = await user.wait_edit(listing.message_id, "page 2/2")
    assert "9. " in second.content and "10. " in second.content

    data = user.button_data(second, "10. Cancel")
    answer = await user.answer(user.press(second, "10. Cancel"))
    assert answer.text == "Reminder cancelled."
    await user.emulator.wait_for(  # the list is drawn again without the tenth
        lambda: next(
            (
                m
                for m in user.emulator.messages(user.telegram_id)
                if m.message_id == listing.message_id
                and "9. " in m.content
                and "10. " not in m.content
            ),
            None,
        )
    )
    async with user.db.as_user(uid) as uow:
        assert len(await uow.reminders.pending()) == 9
    # A button of a reminder already cancelled says so and changes nothing.
    answer = await user.answer(user.press_data(listing.message_id, data))
    assert answer.text == "Reminder cancelled."
    assert not [t for t in user.texts() if "went wrong" in t]


async def test_the_pipeline_counts_stages_filters_and_sorts(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("Nina")
    await onboard(user)
    first = await _card(user)
    second = await _card(user, POSTING_2)
    user.press(first, "Stage")
    menu = await user.wait_edit(first.message_id, "Choose the new stage")
    user.press(menu, "applied")
    await user.wait_edit(first.message_id, "📨 applied")
    user.press(second, "Edit")
    edit = await user.wait_edit(second.message_id, "What do you want to change?")
    user.press(edit, "Priority: high")
    await user.wait_edit(second.message_id, "Priority: high")

    after = user.send("/applications")
    listing = await user.wait("Your applications", after=after)
    assert "Saved 1 · 📨 Applied 1 · 🗣 Interviewing 0 · 🎉 Offer 0 · ✖️ Rejected 0" in (
        listing.content
    )
    labels = button_labels(listing)
    assert "📨 Applied 1" in labels and "• All 2" in labels
    assert "• 📅 By date" in labels and "⭐ By priority" in labels
    assert "high priority" in listing.content

    user.press(listing, "📨 Applied")
    applied = await user.wait_edit(listing.message_id, "Your applications (applied)")
    assert "Acme" in applied.content and "Globex" not in applied.content

    user.press(applied, "All 2")
    everything = await user.wait_edit(listing.message_id, "Globex")
    assert "Newest first" in everything.content
    lines = everything.content.splitlines()
    assert lines.index(next(x for x in lines if "Globex" in x)) < lines.index(
        next(x for x in lines if "Acme" in x)
    )
    user.press(everything, "By priority")
    by_priority = await user.wait_edit(listing.message_id, "Highest priority first")
    assert "• ⭐ By priority" in button_labels(by_priority)

    # The typed filters still work, and the empty stage keeps the pipeline.
    after = user.send("/applications offer")
    empty = await user.wait("No applications (offer) yet", after=after)
    assert "🎉 Offer 0" in empty.content and "• 🎉 Offer 0" in button_labels(empty)
    after = user.send("/applications draft")
    drafts = await user.wait("Your applications (draft)", after=after)
    assert "Acme" in drafts.content
    assert not [t for t in user.texts() if "went wrong" in t]


def test_the_card_line_speaks_the_readers_language_and_zone() -> None:
    due = datetime(2027, 1, 15, 8, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    with using("de"):
        german = card_reminder_line(due) or ""
    with using("en"):
        english = card_reminder_line(due) or ""
    # The year is shown only when it is not this year's.
    assert german.startswith("⏰ Erinnerung: Fr., 15. Jan.") and german.endswith(", 09:00")
    assert english.startswith("⏰ Reminder: Fri, Jan 15") and english.endswith("9:00\u202fAM")
    assert card_reminder_line(None) is None
