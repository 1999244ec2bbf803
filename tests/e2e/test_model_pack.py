"""A whole pack through the bot with a model that writes like a real one: it paraphrases the
resume's facts and invents one claim per document. The user must get the paraphrases, none
of the inventions, and no broken sentence where a claim was taken out."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playground.openai_api import OpenAIStandIn
from tests.conftest import TestDatabase
from tests.e2e.conftest import POSTING, bot_session, make_settings, onboard
from tests.e2e.helpers import ChatUser, new_telegram_id

KINDS = {"research_report", "optimized_resume", "cover_letter"}
# A sentence cut by a repair ends on a word that needs a continuation.
_DANGLING = re.compile(r"\b(?:and|or|with|of|in|to|the|a|an|your|for|as)[.,;:]?$", re.I)


def broken_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip() and _DANGLING.search(ln.strip())]


async def test_a_pack_from_an_inventing_model_reaches_the_user_without_inventions(
    test_db: TestDatabase, tmp_path: Path
) -> None:
    async with OpenAIStandIn() as model:
        model.configure({"model_style": {"seed": 11, "invent_rate": 1.0}})
        settings = make_settings(
            tmp_path, openai_api_key="sk-test", openai_base_url=f"{model.url}/v1"
        )
        async with bot_session(settings, test_db.bot_url) as session:
            user = ChatUser(session.emulator, session.core.db, new_telegram_id())
            await onboard(user)
            after = user.send(POSTING)
            card = await user.wait("Match rate", after=after)
            user.press(card, "Generate all")
            uid = await user.user_uuid()
            assert uid is not None
            for _ in range(300):
                async with session.core.db.as_user(uid) as uow:
                    docs = await uow.documents.all()
                if {d.document_type for d in docs} == KINDS:
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(f"pack not finished: {[d.document_type for d in docs]}")

    assert model.style is not None
    planted = [carrier.rstrip(".") for _, _, carrier in model.style.planted]
    assert len(planted) >= 3, "the model invented something in every document"
    for doc in docs:
        for invented in planted:
            assert invented.lower() not in doc.content.lower(), (doc.document_type, invented)
        assert broken_lines(doc.content) == [], doc.document_type
    # The honest rewording survives: the model's own verbs are still there.
    resume = next(d for d in docs if d.document_type == "optimized_resume")
    assert "Spearheaded" in resume.content or "Developed" in resume.content
    assert all(d.removed_claims for d in docs), "each invention was found and listed"
    assert any("unsupported claim" in t for t in user.texts()), "the user is told what changed"
