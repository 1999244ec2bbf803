"""The durable inbox against the real database, as the bot role sees it."""

from __future__ import annotations

import itertools
import os
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.database import Database
from storage.inbox import Claim, InboxRepository, Recorded
from storage.urls import libpq_dsn

# A bot id per test, so tests sharing the session database never see each other's rows.
_bots = itertools.count(900_000_000 + (os.getpid() % 100_000) * 1_000)


def _update(update_id: int, text_: str = "a pasted posting") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "text": text_,
        },
    }


@pytest.fixture
def inbox(db: Database) -> InboxRepository:
    return InboxRepository(db.engine, next(_bots))


async def test_a_processed_update_delivered_again_is_a_duplicate(inbox: InboxRepository) -> None:
    assert await inbox.record([_update(1), _update(2)]) == Recorded(set(), {1, 2})
    assert await inbox.claim(1, 3) is Claim.RUN
    assert await inbox.finish([1]) == 1
    # Telegram redelivers both (the acknowledgement was lost): 1 is done, 2 is still open
    assert await inbox.record([_update(1), _update(2)]) == Recorded({1}, set())
    assert await inbox.claim(1, 3) is Claim.DONE
    assert [u["update_id"] for u in await inbox.unfinished()] == [2]


async def test_a_reused_id_with_other_content_is_a_new_update(inbox: InboxRepository) -> None:
    await inbox.record([_update(7, "first")])
    await inbox.claim(7, 3)
    await inbox.finish([7])
    assert await inbox.record([_update(7, "after a week of silence")]) == Recorded(set(), {7})
    assert await inbox.claim(7, 3) is Claim.RUN


async def test_unfinished_updates_come_back_oldest_first_with_their_content(
    inbox: InboxRepository,
) -> None:
    await inbox.record([_update(12, "later"), _update(11, "earlier")])
    await inbox.claim(11, 3)  # a process claimed it, then was killed
    replay = await inbox.unfinished()
    assert [(u["update_id"], u["message"]["text"]) for u in replay] == [
        (11, "earlier"),
        (12, "later"),
    ]


async def test_a_poison_update_is_given_up_after_the_attempt_limit(inbox: InboxRepository) -> None:
    await inbox.record([_update(21)])  # attempt 1: the recording process runs it at once
    assert [await inbox.claim(21, 3) for _ in range(2)] == [Claim.RUN] * 2  # three crashes
    assert await inbox.claim(21, 3) is Claim.GIVE_UP
    assert await inbox.unfinished() == []
    assert await inbox.claim(21, 3) is Claim.DONE


async def test_an_unrecorded_update_is_unknown(inbox: InboxRepository) -> None:
    assert await inbox.claim(99, 3) is Claim.UNKNOWN


async def test_done_rows_keep_no_content_and_are_pruned(
    db: Database, inbox: InboxRepository, test_db: Any
) -> None:
    await inbox.record([_update(31, "my secret resume line")])
    await inbox.claim(31, 3)
    await inbox.finish([31])
    with psycopg.connect(libpq_dsn(test_db.owner_url)) as conn:  # the owner sees the table
        payload = conn.execute(
            "SELECT payload FROM update_inbox WHERE bot_id = %s AND update_id = 31",
            (inbox.bot_id,),
        ).fetchone()
        assert payload == (None,)
        await inbox.prune(keep_s=0)
        left = conn.execute(
            "SELECT count(*) FROM update_inbox WHERE bot_id = %s", (inbox.bot_id,)
        ).fetchone()
    assert left == (0,)


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT payload FROM update_inbox",
        "DELETE FROM update_inbox",
        "INSERT INTO update_inbox (bot_id, update_id, fingerprint, payload)"
        " VALUES (1, 1, '\\x00', '{}')",
    ],
)
async def test_the_bot_role_reaches_the_inbox_only_through_its_functions(
    db: Database, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="permission denied"):
        async with db.engine.begin() as conn:
            await conn.execute(text(statement))


async def test_the_inbox_forces_row_level_security(db: Database) -> None:
    """Fail closed even if a grant is added later: no policy lets any row through."""
    async with db.engine.begin() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT relrowsecurity, relforcerowsecurity,"
                    " (SELECT count(*) FROM pg_policy WHERE polrelid = c.oid)"
                    " FROM pg_class c WHERE relname = 'update_inbox'"
                )
            )
        ).one()
    assert tuple(row) == (True, True, 0)
