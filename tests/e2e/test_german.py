"""A German-speaking user: the interface follows Telegram's language until /settings says
otherwise, and the command menu exists in German."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from telegram import BotCommandScopeChat

from bot.services.notifier import Digest
from handlers.outbound.telegram_notifier import TelegramNotifier
from playground.bot_api_models import SentMessage
from playground.session import PlaygroundSession
from storage.database import Database
from storage.models import Reminder, WeekInNumbers
from tests.e2e.conftest import POSTING, POSTING_2, RESUME
from tests.e2e.helpers import ChatUser, button_labels, new_telegram_id


def _with_button(user: ChatUser, message_id: int, label: str) -> SentMessage | None:
    """The message once one of its buttons reads `label` (a menu replaced its keyboard)."""
    for message in user.emulator.messages(user.telegram_id):
        if message.message_id == message_id and label in button_labels(message):
            return message
    return None


async def test_german_user_gets_a_german_card_until_switching_to_english(
    session: PlaygroundSession, db: Database
) -> None:
    user = ChatUser(session.emulator, db, new_telegram_id(), "Lena")
    session.emulator.user_sends_text(user.telegram_id, "/start", "Lena", language_code="de-AT")
    await user.wait("Schick mir zuerst deinen Lebenslauf")

    after = user.send(RESUME)
    saved = await user.wait("als deinen Hauptlebenslauf gespeichert", after=after)
    assert "Passt das?" in saved.content
    assert "✏️ Falsch gelesen: als Text einfügen" in button_labels(saved)

    after = user.send(POSTING)
    card = await user.wait("Passung", after=after)
    assert " bei " in card.content and "Priorität: mittel · Phase: 🗂 gespeichert" in card.content
    labels = button_labels(card)
    for label in ("▶️ Recherche", "⚡ Alles erstellen", "❓ Lücken prüfen", "🏷 Phase", "🗑 Löschen"):
        assert label in labels
    assert not any("Generate" in label or "Delete" in label for label in labels)

    user.press(card, "▶️ Recherche")  # written by the worker, outside any update
    await user.wait_edit(card.message_id, "✅ Recherchebericht fertig (Version 1).", timeout=30)

    user.press(card, "🏷 Phase")
    menu = await user.emulator.wait_for(lambda: _with_button(user, card.message_id, "↩️ Zurück"))
    assert "🗣 im Gespräch" in button_labels(menu)

    after = user.send("/settings")
    panel = await user.wait("Einstellungen", after=after)
    assert "Sprache der Oberfläche: Deutsch" in panel.content
    query = user.press(panel, "English")
    assert (await user.answer(query)).text == "Saved"  # answered in the new language
    await user.wait_edit(panel.message_id, "Interface language: English")
    menu = await session.application.bot.get_my_commands(
        scope=BotCommandScopeChat(user.telegram_id)
    )
    assert {c.command: c.description for c in menu}["resume"] == "Add or manage resumes"

    after = user.send(POSTING_2)
    card = await user.wait("Match rate", after=after)
    assert " at " in card.content and "Priority: medium · Stage: 🗂 saved" in card.content
    assert "⚡ Generate all" in button_labels(card)
    assert not any("Sorry" in text or "Entschuldigung" in text for text in user.texts())


async def test_english_telegram_user_can_choose_german(
    session: PlaygroundSession, db: Database
) -> None:
    user = ChatUser(session.emulator, db, new_telegram_id(), "Sam")
    after = user.send("/settings")  # the emulator's users speak English by default
    panel = await user.wait("Interface language: English", after=after)
    user.press(panel, "Deutsch")
    await user.wait_edit(panel.message_id, "Sprache der Oberfläche: Deutsch")
    after = user.send("/help")
    await user.wait("So nutzt du JobForge", after=after)
    uid = await user.user_uuid()
    assert uid is not None
    async with db.as_user(uid) as uow:
        me = await uow.users.me()
    assert me is not None and me.interface_language == "de"


async def test_the_command_menu_exists_in_german(session: PlaygroundSession) -> None:
    bot = session.application.bot
    english = {c.command: c.description for c in await bot.get_my_commands()}
    german = {c.command: c.description for c in await bot.get_my_commands(language_code="de")}
    assert english.keys() == german.keys() and "settings" in german
    assert english["resume"] == "Add or manage resumes"
    assert german["resume"] == "Lebensläufe hinzufügen oder verwalten"


async def test_reminders_and_digests_speak_the_recipients_language(
    session: PlaygroundSession, db: Database
) -> None:
    user = ChatUser(session.emulator, db, new_telegram_id(), "Jonas")
    session.emulator.user_sends_text(user.telegram_id, "/start", "Jonas", language_code="de")
    await user.wait("Lebenslauf")
    uid = await user.user_uuid()
    assert uid is not None
    async with db.as_user(uid) as uow:
        me = await uow.users.me()
    assert me is not None
    notifier = TelegramNotifier(session.application.bot)
    due = datetime.now(UTC)
    reminder = Reminder(uuid4(), uid, None, "follow_up", "Anrufen", due, "pending", None)
    await notifier.reminder(me, reminder, None)
    sent = await user.wait("⏰")
    assert "Nachfassen" in sent.content and "deine Jobsuche" in sent.content
    assert {"1 Tag später", "3 Tage später", "Erledigt"} <= set(button_labels(sent))
    digest = Digest(me, {"applied": 2}, WeekInNumbers(2, 1, 0), [], [reminder], [])
    await notifier.digest(digest)
    sent = await user.wait("JobForge-Zusammenfassung")
    assert "beworben: 2" in sent.content and "Fällige Erinnerungen" in sent.content
    assert "2 Bewerbungen verschickt · 1 Antwort eines Arbeitgebers · 0 Vorstellungsgespräche" in (
        sent.content
    )
    assert f"• {due.day:02d}.{due.month:02d}.{due.year} Anrufen" in sent.content  # 15.01.2027


async def test_refusals_from_services_speak_german(
    session: PlaygroundSession, db: Database
) -> None:
    """A too-short paste, a file that is not what its name says and a bad link: the services
    refuse them in English msgids with values; a German reader gets German sentences."""
    user = ChatUser(session.emulator, db, new_telegram_id(), "Mia")
    session.emulator.user_sends_text(user.telegram_id, "/start", "Mia", language_code="de")
    await user.wait("Lebenslauf")

    after = user.send("Ich bin Entwicklerin aus Köln.")
    short = await user.wait("", after=after)
    assert "Das sind nur 30 Zeichen; ein Lebenslauf braucht mindestens" in short.content

    after = user.upload("cv.pdf", b"this is not a PDF at all " * 20, "application/pdf")
    upload = await user.wait("", after=after)
    assert "Diese Datei heißt wie eine PDF-Datei" in upload.content, upload.content

    after = user.send(RESUME)
    await user.wait("als deinen Hauptlebenslauf gespeichert", after=after)
    after = user.send("http://name:secret@jobs.example.com/42")
    link = await user.wait("", after=after)
    assert "Links mit Benutzername oder Passwort werden nicht unterstützt" in link.content
    assert not any("characters" in text or "Please" in text for text in user.texts())
