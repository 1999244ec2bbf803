"""Forged, malformed, foreign and stale buttons: a polite answer and no change."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

from tests.e2e.conftest import POSTING, onboard
from tests.e2e.helpers import ChatUser


async def snapshot(user: ChatUser) -> tuple[list[tuple[str, str, str]], int]:
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        apps = [(str(a.id), a.stage, a.status) for a in await uow.applications.list_page(limit=50)]
        docs = len(await uow.documents.all())
    return apps, docs


async def test_forged_callbacks_change_nothing(new_user: Callable[..., ChatUser]) -> None:
    owner, intruder = new_user("Olga"), new_user("Ivan")
    await onboard(owner)
    await onboard(intruder)
    after = owner.send(POSTING)
    card = await owner.wait("Match rate", after=after)
    stage_data = owner.button_data(card, "Stage")
    app_hex = stage_data.split(":")[1]
    after = intruder.send(POSTING.replace("Acme", "Initech"))
    own_card = await intruder.wait("Match rate", after=after)
    before_owner, before_intruder = await snapshot(owner), await snapshot(intruder)

    forged = [
        f"setstage:{app_hex}:applied",  # someone else's application
        f"delyes:{app_hex}",
        f"step:{app_hex}:r",
        f"all:{app_hex}",
        f"export:{app_hex}",
        "setstage:nothex:applied",  # malformed
        "x" * 70,
        "",
        f"launch:{app_hex}",  # unknown verb
        f"delyes:{uuid4().hex}",  # an application that does not exist
    ]
    for data in forged:
        query = intruder.press_data(own_card.message_id, data)
        answer = await intruder.answer(query)
        assert answer.text, data
        assert "went wrong" not in answer.text, data

    assert not [t for t in intruder.texts() if "Acme" in t or "went wrong" in t]
    assert await snapshot(owner) == before_owner
    assert await snapshot(intruder) == before_intruder


async def test_button_of_a_deleted_application_is_stale(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    stage = user.button_data(card, "Stage")
    generate = user.button_data(card, "Generate all")
    user.press(card, "Delete")
    confirm = await user.wait_edit(card.message_id, "Delete this application")
    user.press(confirm, "Yes, delete it")
    await user.wait_edit(card.message_id, "Application deleted")
    for data in (stage, generate):
        answer = await user.answer(user.press_data(card.message_id, data))
        assert answer.text is not None and "no longer" in answer.text
    apps, docs = await snapshot(user)
    assert apps == [] and docs == 0
    assert not [t for t in user.texts() if "went wrong" in t]
