"""Two people use the bot at the same time, start to finish; neither sees the other's data."""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from collections.abc import Callable

from playground.bot_api_models import SentMessage
from tests.e2e.conftest import POSTING, POSTING_2, RESUME, onboard
from tests.e2e.helpers import ChatUser

ALL_DONE = "Steps: ✅ Research · ✅ Optimize resume · ✅ Cover letter"


def persona(text: str, user: ChatUser) -> str:
    """The same samples, renamed per user, so a leak between users is visible."""
    return (
        text.replace("Alex Rivera", f"{user.name} Rivera")
        .replace("Acme", f"{user.name}corp")
        .replace("Globex", f"{user.name}bex")
    )


async def find_similar(user: ChatUser, card: SentMessage) -> SentMessage:
    """The posting is embedded in the background: tap 'Similar jobs' until the list arrives."""
    for _ in range(40):
        after = user.mark()
        user.press(card, "Similar jobs")
        try:
            return await user.wait("Jobs like this one", after=after, timeout=0.5)
        except TimeoutError:
            continue
    raise AssertionError("similar jobs never appeared")


async def journey(user: ChatUser) -> dict[str, bytes]:
    await onboard(user, persona(RESUME, user))
    after = user.send(persona(POSTING, user))
    card = await user.wait("Match rate", after=after)
    assert f"{user.name}corp" in card.content

    after = user.mark()
    user.press(card, "Generate all")
    # The card itself shows the steps as they finish; the documents come as new messages.
    done_card = await user.wait_edit(card.message_id, "Cover letter ready", timeout=30)
    assert ALL_DONE in done_card.content
    for label in ("Research report ready", "Optimized resume ready"):
        assert label in done_card.content
    assert "Generate all" not in " ".join(b.text for b in done_card.buttons)
    new = [m for m in user.emulator.messages(user.telegram_id) if m.message_id > after]
    assert sum(any("PDF" in b.text for b in m.buttons) for m in new) == 3
    assert len(new) <= 4

    after = user.send(persona(POSTING_2, user))
    card2 = await user.wait(f"{user.name}bex", after=after)
    similar = await find_similar(user, card2)
    assert f"{user.name}corp" in similar.content

    after = user.send("/search PostgreSQL")
    results = await user.wait("Results for", after=after)
    assert f"{user.name}corp" in results.content

    user.press(done_card, "Stage")
    menu = await user.wait_edit(done_card.message_id, "Choose the new stage")
    query = user.press(menu, "applied")
    answer = await user.answer(query)
    assert answer.text is not None and "remind you to follow up" in answer.text
    await user.wait_edit(done_card.message_id, "Stage: 📨 applied")
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        reminders = await uow.reminders.pending()
        documents = await uow.documents.all()
    assert len(reminders) == 1
    assert sorted(d.document_type for d in documents) == [
        "cover_letter",
        "optimized_resume",
        "research_report",
    ]

    after = user.send("/applications")
    listing = await user.wait("Your applications", after=after)
    assert f"{user.name}corp" in listing.content and f"{user.name}bex" in listing.content

    after = user.send("/export")
    export = await user.wait("documents as Markdown", after=after, timeout=30)
    assert export.document is not None and export.document.filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(export.document.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


async def test_two_users_whole_journey_in_parallel(new_user: Callable[..., ChatUser]) -> None:
    ana, ben = new_user("Ana"), new_user("Ben")
    files_ana, files_ben = await asyncio.gather(journey(ana), journey(ben))

    for files, me, other in ((files_ana, ana, ben), (files_ben, ben, ana)):
        names = list(files)
        for ext in (".docx", ".pdf"):
            assert sum(n.endswith(ext) for n in names) == 3, (ext, names)
        assert sum(n.endswith(".md") and not n.startswith("resumes/") for n in names) == 3
        assert sum(n.startswith("resumes/") for n in names) == 1  # the resume itself
        assert sum(n.endswith("/posting.txt") for n in names) == 2  # each posting as saved
        csv_name = next(n for n in names if n.endswith("applications.csv"))
        rows = list(csv.DictReader(io.StringIO(files[csv_name].decode("utf-8-sig"))))
        assert sorted(r["company"] for r in rows) == sorted(
            [f"{me.name}corp Analytics", f"{me.name}bex Retail Tech"]
        )
        assert {r["stage"] for r in rows} == {"applied", "saved"}
        markdown = b"".join(files[n] for n in names if n.endswith((".md", ".txt"))).decode()
        assert f"{me.name} Rivera" in markdown
        leaked = [other.name + "corp", other.name + "bex", other.name + " Rivera"]
        everything = "\n".join(me.texts()) + markdown + files[csv_name].decode("utf-8-sig")
        assert not [word for word in leaked if word in everything]
