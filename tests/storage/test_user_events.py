"""/delete_me in one process empties the caches of every other: the notice travels through
PostgreSQL on commit, and a deletion rolled back tells nobody."""

from __future__ import annotations

import asyncio
from typing import Any

from storage.database import Database
from storage.user_events import UserGoneListener


async def _telegram_id(db: Database, user_id: Any) -> int:
    async with db.as_user(user_id) as uow:
        me = await uow.users.me()
    assert me is not None
    return int(me.telegram_id)


async def test_a_deleted_account_is_announced_to_other_processes(
    db: Database, make_user: Any
) -> None:
    gone: list[int] = []
    listener = UserGoneListener(db.engine, gone.append)  # its own connection, as another process
    listener.start()
    try:
        await asyncio.wait_for(listener.ready.wait(), 10)
        kept, deleted = await make_user("Kept"), await make_user("Leaving")
        kept_tg, deleted_tg = await _telegram_id(db, kept), await _telegram_id(db, deleted)

        class Abort(Exception):
            pass

        try:
            async with db.as_user(kept) as uow:
                await uow.users.delete_me()
                raise Abort  # rolled back: nothing was deleted, nobody is told
        except Abort:
            pass
        async with db.as_user(deleted) as uow:
            assert await uow.users.delete_me() == 1
        for _ in range(100):
            if gone:
                break
            await asyncio.sleep(0.05)
        assert gone == [deleted_tg]
        assert kept_tg not in gone
    finally:
        await listener.stop()
