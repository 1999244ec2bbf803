"""/search in the chat: the real bot answers with the matching application and a button."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.generation.offline import OfflineEngine
from handlers.callbacks import Verb, encode
from playground.session import playground
from tests.conftest import TestDatabase as DatabaseUrls
from tests.search.conftest import add_application, posting

ROBIN = 7_800_001
LETTER = "Dear team,\n\nI once tamed a marmalade of microservices at Initech.\n\nBest,\nRobin"


async def test_search_command_finds_a_word_from_the_cover_letter(
    test_db: DatabaseUrls, tmp_path: Path
) -> None:
    settings = Settings(
        openai_api_key=None, telegram_bot_token=None, database_url=None, data_dir=tmp_path
    )
    async with playground(
        settings, test_db.bot_url, process_jobs=False, run_scheduler=False
    ) as session:
        emu = session.emulator
        emu.user_sends_text(ROBIN, "/start", first_name="Robin")
        await emu.wait_for_message(ROBIN, timeout=10)
        async with session.core.db.system() as system:
            user_id = await system.find_user(ROBIN)
        assert user_id is not None
        app = await add_application(
            session.core.db,
            user_id,
            "Acme",
            "Backend Engineer",
            posting("Acme", "Build Python services on PostgreSQL."),
            engine=OfflineEngine(),
            documents={"cover_letter": LETTER},
        )
        emu.user_sends_text(ROBIN, "/search marmalade", first_name="Robin")
        reply = await emu.wait_for_message(ROBIN, contains="Results for", timeout=10)
        assert "Backend Engineer" in reply.content and "cover letter" in reply.content
        assert "marmalade" in reply.content
        assert [b.callback_data for b in reply.buttons] == [encode(Verb.OPEN, app.id)]

        emu.user_sends_text(ROBIN, "/search " + "x" * 300, first_name="Robin")
        await emu.wait_for_message(ROBIN, contains="under 200 characters", timeout=10)
