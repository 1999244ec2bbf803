"""The one door that writes a user's chat id accepts only the user's own private chat."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from storage.database import Database


async def test_no_caller_can_point_a_user_at_another_chat(db: Database, make_user: Any) -> None:
    victim = await make_user("Victim")
    async with db.as_user(victim) as uow:
        me = await uow.users.me()
    assert me is not None and me.chat_id == me.telegram_id
    with pytest.raises(DBAPIError, match="own private chat"):
        async with db.system() as system:
            await system.upsert_user(me.telegram_id, 555_000_111, "Victim", "en")
    async with db.as_user(victim) as uow:
        after = await uow.users.me()
    assert after is not None and after.chat_id == me.telegram_id
