"""Hostile characters from Telegram (NUL, lone surrogates, bidi controls) are removed at the
one input boundary: the user gets normal answers and nothing of it reaches PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from bot.inbound import clean_incoming
from tests.e2e.conftest import POSTING, RESUME
from tests.e2e.helpers import ChatUser


def test_clean_incoming_names_stricter_than_text() -> None:
    update = {
        "message": {
            "from": {"first_name": "Eve\x00\u202e", "username": "e\u200bve"},
            "text": "Hello\x00 wor\ud800ld \u200d👩‍💻",
            "document": {"file_name": "cv\u202efdp.exe"},
        }
    }
    cleaned = clean_incoming(update)["message"]
    assert cleaned["from"] == {"first_name": "Eve", "username": "eve"}
    assert cleaned["text"] == "Hello world \u200d👩‍💻"  # joiners inside text are kept
    assert cleaned["document"]["file_name"] == "cvfdp.exe"


async def test_nul_and_surrogates_from_telegram_reach_no_one(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("Ma\x00x\ud800")
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    after = user.send(RESUME.replace("Backend engineer", "Backend\x00 engineer\ud83d"))
    await user.wait("I read:", after=after)
    after = user.send(POSTING.replace("Acme Analytics", "Acme\x00 Analytics", 1))
    await user.wait("Match rate", after=after)
    after = user.send("/search Post\x00greSQL")
    await user.wait("Results for", after=after)
    texts = "\n".join(user.texts())
    assert "Sorry, something went wrong" not in texts
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        me = await uow.users.me()
        resumes = await uow.resumes.all()
    assert me is not None and me.display_name == "Max"
    assert "Backend engineer" in resumes[0].content and "\x00" not in resumes[0].content
