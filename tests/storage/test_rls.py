"""Row-level security, tested as an attacker with the bot's own role."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from storage.database import Database
from tests.storage.fixtures import POSTING, add_application, add_resume

USER_TABLES = [
    "users",
    "user_facts",
    "user_resumes",
    "applications",
    "documents",
    "job_embeddings",
    "document_embeddings",
    "generation_jobs",
    "reminders",
    "digest_deliveries",
    "token_usage",
]


async def _populate(db: Database, user_id: uuid.UUID) -> uuid.UUID:
    """Give a user at least one row in every user table."""
    await add_resume(db, user_id)
    app = await add_application(db, user_id)
    async with db.as_user(user_id) as uow:
        doc = await uow.documents.add_version(
            application_id=app.id,
            document_type="research_report",
            content="# Research\nSomething useful.",
            model="test",
        )
        await uow.embeddings.save_for_application(app.id, "m", [0.1, 0.2], "0" * 64)
        await uow.embeddings.save_for_document(doc.id, "m", [0.1, 0.2])
        await uow.jobs.enqueue(app.id, "optimized_resume")
        await uow.reminders.add(app.id, app.created_at)
        await uow.usage.record(purpose="t", model="m", prompt_tokens=1, completion_tokens=1)
        await uow.facts.record("Kubernetes", True, "in a course or project")
        await uow.connection.execute(
            text(
                "INSERT INTO digest_deliveries (user_id, due_at) "
                "VALUES ((SELECT jf_current_user_id()), now())"
            )
        )
    return app.id


@pytest.fixture
async def two_users(db: Database, make_user) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    alice = await make_user("Alice")
    bob = await make_user("Bob")
    await _populate(db, alice)
    bob_app = await _populate(db, bob)
    return alice, bob, bob_app


@pytest.mark.parametrize("table", USER_TABLES)
async def test_no_context_sees_and_writes_nothing(db: Database, two_users, table: str) -> None:
    async with db.engine.begin() as conn:
        count = (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
        assert count == 0
        if table != "token_usage":
            updated = await conn.execute(text(f"UPDATE {table} SET created_at = created_at"))
            assert updated.rowcount == 0
            deleted = await conn.execute(text(f"DELETE FROM {table}"))
            assert deleted.rowcount == 0


@pytest.mark.parametrize("table", USER_TABLES)
async def test_user_sees_only_own_rows(db: Database, two_users, table: str) -> None:
    alice, _bob, _ = two_users
    async with db.as_user(alice) as uow:
        owners = (
            (
                await uow.connection.execute(
                    text(f"SELECT DISTINCT {'id' if table == 'users' else 'user_id'} FROM {table}")
                )
            )
            .scalars()
            .all()
        )
    assert owners == [alice]


async def test_cannot_touch_other_users_rows(db: Database, two_users) -> None:
    alice, bob, bob_app = two_users
    async with db.as_user(alice) as uow:
        assert await uow.applications.get(bob_app) is None
        conn = uow.connection
        upd = await conn.execute(
            text("UPDATE applications SET company_name = 'pwned' WHERE id = :id"), {"id": bob_app}
        )
        assert upd.rowcount == 0
        dele = await conn.execute(text("DELETE FROM applications WHERE id = :id"), {"id": bob_app})
        assert dele.rowcount == 0
        assert (await conn.execute(text("UPDATE users SET display_name = 'x'"))).rowcount == 1
    async with db.as_user(bob) as uow:
        app = await uow.applications.get(bob_app)
        assert app is not None and app.company_name == "Acme Corp"
        assert (await uow.users.me()).display_name == "Bob"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO applications (user_id, name, company_name, role_title, job_description,"
        " posting_sha256) VALUES (:bob, 'n', 'c', 'r', repeat('x', 60), repeat('a', 64))",
        "INSERT INTO user_resumes (user_id, name, content, content_sha256)"
        " VALUES (:bob, 'n', repeat('x', 200), repeat('b', 64))",
        "INSERT INTO reminders (user_id, due_at) VALUES (:bob, now())",
        "INSERT INTO token_usage (user_id, purpose, model) VALUES (:bob, 'x', 'y')",
        "UPDATE applications SET user_id = :bob",
    ],
)
async def test_cannot_write_rows_naming_another_user(
    db: Database, two_users, statement: str
) -> None:
    alice, bob, _ = two_users
    with pytest.raises(DBAPIError, match="row-level security"):
        async with db.as_user(alice) as uow:
            await uow.connection.execute(text(statement), {"bob": bob})


async def test_cannot_attach_document_to_other_users_application(db: Database, two_users) -> None:
    alice, _, bob_app = two_users
    with pytest.raises(DBAPIError):
        async with db.as_user(alice) as uow:
            await uow.connection.execute(
                text(
                    "INSERT INTO documents (user_id, application_id, document_type, version,"
                    " content) VALUES ((SELECT jf_current_user_id()), :app, 'cover_letter', 9,"
                    " 'forged letter content')"
                ),
                {"app": bob_app},
            )


async def test_pooled_connection_carries_no_context(test_db, two_users) -> None:
    """Same backend pid, next transaction: the transaction-local setting is gone."""
    alice = two_users[0]
    single = Database(test_db.bot_url, pool_size=1, max_overflow=0)
    try:
        async with single.as_user(alice) as uow:
            pid_a = (await uow.connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            assert (await uow.connection.execute(text("SELECT count(*) FROM users"))).scalar() == 1
        async with single.engine.begin() as conn:
            pid_b = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            setting = (
                await conn.execute(text("SELECT current_setting('app.current_user_id', true)"))
            ).scalar_one()
            rows = (await conn.execute(text("SELECT count(*) FROM applications"))).scalar_one()
        assert pid_a == pid_b
        assert setting in (None, "")
        assert rows == 0
    finally:
        await single.close()


async def _no_context_on_the_next_checkout(single: Database) -> None:
    async with single.engine.begin() as conn:
        setting = (
            await conn.execute(text("SELECT current_setting('app.current_user_id', true)"))
        ).scalar_one()
        rows = (await conn.execute(text("SELECT count(*) FROM applications"))).scalar_one()
    assert setting in (None, "") and rows == 0


async def test_a_failed_or_cancelled_unit_of_work_leaves_no_context(test_db, two_users) -> None:
    """as_user ends its own transaction (BEGIN and the setting go in one round trip): an
    error, a refused statement or a cancellation in the middle must still leave nothing of
    this user on the pooled connection."""
    alice = two_users[0]
    single = Database(test_db.bot_url, pool_size=1, max_overflow=0)
    try:
        with pytest.raises(RuntimeError):
            async with single.as_user(alice) as uow:
                await uow.connection.execute(text("SELECT count(*) FROM applications"))
                raise RuntimeError("the service gave up")
        await _no_context_on_the_next_checkout(single)

        with pytest.raises(DBAPIError):
            async with single.as_user(alice) as uow:
                await uow.connection.execute(text("SELECT 1 / 0"))
        await _no_context_on_the_next_checkout(single)

        started = asyncio.Event()

        async def slow() -> None:
            async with single.as_user(alice) as uow:
                started.set()
                await uow.connection.execute(text("SELECT pg_sleep(5)"))

        task = asyncio.create_task(slow())
        await started.wait()
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await _no_context_on_the_next_checkout(single)
    finally:
        await single.close()


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE applications DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE applications NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY applications_own_rows ON applications",
        "SET ROLE postgres",
        "CREATE TABLE evil (id int)",
        "SELECT * FROM _yoyo_migration",
        "INSERT INTO users (telegram_id, chat_id) VALUES (1, 1)",
    ],
)
async def test_bot_role_cannot_escalate(db: Database, statement: str) -> None:
    with pytest.raises((DBAPIError, ProgrammingError)):
        async with db.engine.begin() as conn:
            await conn.execute(text(statement))


async def test_row_security_off_errors_instead_of_showing_more(db: Database, two_users) -> None:
    with pytest.raises(DBAPIError, match="row-level security"):
        async with db.engine.begin() as conn:
            await conn.execute(text("SET LOCAL row_security = off"))
            await conn.execute(text("SELECT count(*) FROM applications"))


async def test_bot_role_attributes(db: Database) -> None:
    async with db.engine.begin() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb,"
                    " (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)"
                    " FROM pg_roles r WHERE rolname = current_user"
                )
            )
        ).one()
    assert tuple(row) == (False, False, False, False, 0)


async def test_every_user_table_forces_rls(db: Database) -> None:
    async with db.engine.begin() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
                    " WHERE relname = ANY(:t)"
                ),
                {"t": USER_TABLES},
            )
        ).all()
    assert {r[0] for r in rows} == set(USER_TABLES)
    assert all(r[1] and r[2] for r in rows)


async def test_forged_context_of_unknown_user_sees_nothing(db: Database, two_users) -> None:
    async with db.as_user(uuid.uuid4()) as uow:
        assert await uow.applications.count() == 0
        assert await uow.users.me() is None


async def test_duplicate_posting_of_other_user_is_not_leaked(db: Database, two_users) -> None:
    """Uniques are scoped by user: Bob's posting does not block or reveal anything to Alice."""
    alice, _, _ = two_users
    async with db.as_user(alice) as uow:
        await uow.applications.delete((await uow.applications.list_page(limit=1))[0].id)
    app = await add_application(db, alice, POSTING)
    assert app.company_name == "Acme Corp"
