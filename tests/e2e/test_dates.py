"""Dates and time zones typed as people write them, through the real bot and the emulator:
"Munich" as the time zone, "15.01.2027 9:00" as a reminder, German mistakes answered in German.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from playground.bot_api_models import SentMessage
from playground.session import PlaygroundSession
from storage.database import Database
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser, button_labels, new_telegram_id


def _with_button(user: ChatUser, message_id: int, label: str) -> SentMessage | None:
    for message in user.emulator.messages(user.telegram_id):
        if message.message_id == message_id and any(label in b for b in button_labels(message)):
            return message
    return None


async def _set_zone(user: ChatUser, *typed_and_shown: tuple[str, str]) -> None:
    """/settings → "Other…", then each typed zone and what the bot answers to it."""
    after = user.send("/settings")
    panel = await user.wait("⚙️", after=after)
    after = user.mark()
    user.press(panel, "…")  # "Other…" / "Andere…": type a zone
    await user.wait("", after=after)  # the prompt, whatever its words
    for typed, shown in typed_and_shown:
        mark = user.send(typed)
        await user.wait(shown, after=mark)


async def _ask_for_a_date(user: ChatUser, card: SentMessage) -> None:
    """⏰ on the card, then 📅: the bot now waits for a typed date."""
    user.press(card, "⏰")
    menu = await user.emulator.wait_for(lambda: _with_button(user, card.message_id, "📅"))
    after = user.mark()
    user.press(menu, "📅")
    await user.emulator.wait_for(
        lambda: next(
            (m for m in user.emulator.messages(user.telegram_id) if m.message_id > after), None
        )
    )


async def _reminder_for_munich(user: ChatUser) -> str:
    """Munich as the zone, "15.01.2027 9:00" typed: the confirmation the bot sends."""
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    await _set_zone(user, ("Munich", "Europe/Berlin"))
    await _ask_for_a_date(user, card)
    after = user.send("15.01.2027 9:00")
    confirmation = await user.wait("⏰", after=after)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        me = await uow.users.me()
        reminders = await uow.reminders.pending()
    assert me is not None and me.timezone == "Europe/Berlin"
    # 09:00 in Munich in January is 08:00 UTC.
    assert [r.due_at for r in reminders] == [datetime(2027, 1, 15, 8, 0, tzinfo=UTC)]
    assert not any("went wrong" in text for text in user.texts())
    return confirmation.content


async def test_munich_and_a_typed_date_make_a_reminder_at_nine_local(
    new_user: Callable[..., ChatUser],
) -> None:
    confirmation = await _reminder_for_munich(new_user())
    assert "Jan 15, 2027" in confirmation


async def test_the_confirmation_shows_nine_in_the_users_zone(
    new_user: Callable[..., ChatUser],
) -> None:
    confirmation = await _reminder_for_munich(new_user())
    assert "9:00" in confirmation and "Europe/Berlin" in confirmation and "UTC" not in confirmation


async def test_a_german_user_types_german_dates_and_gets_german_answers(
    session: PlaygroundSession, db: Database
) -> None:
    user = ChatUser(session.emulator, db, new_telegram_id(), "Lena")
    session.emulator.user_sends_text(user.telegram_id, "/start", "Lena", language_code="de")
    await user.wait("Lebenslauf")
    after = user.send(RESUME)
    await user.wait("Hauptlebenslauf gespeichert", after=after)
    after = user.send(POSTING)
    card = await user.wait("Passung", after=after)
    await _set_zone(user, ("Atlantisstadt", "kenne ich nicht"), ("München", "Europe/Berlin"))
    await _ask_for_a_date(user, card)

    for typed, answer in [
        ("05/06/2099", "Schreib den Monat als Wort"),
        ("01.01.2020", "liegt in der Vergangenheit"),
        ("irgendwann", "nächsten Freitag"),
    ]:
        after = user.send(typed)
        await user.wait(answer, after=after)

    after = user.send("15. Januar 2027 um 9 Uhr")
    await user.wait("⏰", after=after)
    uid = await user.user_uuid()
    assert uid is not None
    async with db.as_user(uid) as uow:
        reminders = await uow.reminders.pending()
    assert [r.due_at for r in reminders] == [datetime(2027, 1, 15, 8, 0, tzinfo=UTC)]
