"""Constraints, triggers and migrations against the real server."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.applications import DuplicateApplication
from storage.database import Database
from storage.migrations import create_database, drop_database, migrate
from storage.resumes import DuplicateResume
from storage.urls import libpq_dsn, with_database
from tests.storage.fixtures import POSTING, RESUME, add_application, add_resume


async def test_first_resume_is_primary_and_many_non_primary_allowed(db: Database, make_user):
    user = await make_user()
    first = await add_resume(db, user)
    second = await add_resume(db, user, RESUME + "\nAlso: Kafka")
    third = await add_resume(db, user, RESUME + "\nAlso: Rust")
    assert first.is_primary and not second.is_primary and not third.is_primary
    async with db.as_user(user) as uow:
        assert await uow.resumes.set_primary(third.id)
        primaries = [r.id for r in await uow.resumes.all() if r.is_primary]
    assert primaries == [third.id]


async def test_second_primary_resume_is_refused(db: Database, make_user):
    user = await make_user()
    await add_resume(db, user)
    other = await add_resume(db, user, RESUME + "\nMore")
    with pytest.raises(DBAPIError, match="uq_user_resumes_one_primary"):
        async with db.as_user(user) as uow:
            await uow.connection.execute(
                text("UPDATE user_resumes SET is_primary = true WHERE id = :id"), {"id": other.id}
            )


async def test_deleting_primary_promotes_the_newest(db: Database, make_user):
    user = await make_user()
    first = await add_resume(db, user)
    second = await add_resume(db, user, RESUME + "\nMore")
    async with db.as_user(user) as uow:
        assert await uow.resumes.delete(first.id)
        assert (await uow.resumes.primary()).id == second.id  # type: ignore[union-attr]


async def test_duplicate_resume_is_refused(db: Database, make_user):
    user = await make_user()
    await add_resume(db, user)
    with pytest.raises(DuplicateResume):
        await add_resume(db, user, "  " + RESUME.upper() + "  ")


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [
        ("job_description", "too short", "job_description_min_length"),
        ("job_url", "javascript:alert(1)", "valid_job_url"),
        ("company_name", "   ", "company_name_not_empty"),
        ("role_title", "", "role_title_not_empty"),
    ],
)
async def test_application_constraints(db: Database, make_user, column, value, constraint):
    user = await make_user()
    app = await add_application(db, user)
    with pytest.raises(DBAPIError, match=constraint):
        async with db.as_user(user) as uow:
            await uow.connection.execute(
                text(f"UPDATE applications SET {column} = :v WHERE id = :id"),
                {"v": value, "id": app.id},
            )


async def test_resume_min_length(db: Database, make_user):
    user = await make_user()
    with pytest.raises(DBAPIError, match="resume_content_min_length"):
        await add_resume(db, user, "short resume")


async def test_phase_order_constraint(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    with pytest.raises(DBAPIError, match="resume_requires_research"):
        async with db.as_user(user) as uow:
            await uow.connection.execute(
                text("UPDATE applications SET resume_optimized = true WHERE id = :id"),
                {"id": app.id},
            )


async def test_duplicate_posting_is_detected(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    with pytest.raises(DuplicateApplication) as caught:
        await add_application(db, user, "  " + POSTING.replace(" ", "  "))
    assert caught.value.existing_id == app.id


async def _add_doc(db: Database, user: uuid.UUID, app_id: uuid.UUID, kind: str):
    async with db.as_user(user) as uow:
        return await uow.documents.add_version(
            application_id=app_id, document_type=kind, content=f"# {kind}\nbody text", model="t"
        )


async def test_phase_flags_follow_documents_including_delete(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    research = await _add_doc(db, user, app.id, "research_report")
    await _add_doc(db, user, app.id, "optimized_resume")
    letter = await _add_doc(db, user, app.id, "cover_letter")
    async with db.as_user(user) as uow:
        full = await uow.applications.get(app.id)
    assert full is not None and full.status == "cover_letter_ready" and full.cover_letter_generated

    async with db.as_user(user) as uow:
        await uow.documents.delete(letter.id)
        after_letter = await uow.applications.get(app.id)
    assert after_letter is not None
    assert after_letter.status == "resume_ready" and not after_letter.cover_letter_generated

    async with db.as_user(user) as uow:
        await uow.documents.delete(research.id)
        after_research = await uow.applications.get(app.id)
    assert after_research is not None
    assert after_research.status == "draft"
    assert not after_research.research_completed and not after_research.resume_optimized


async def test_regenerating_keeps_previous_version(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    v1 = await _add_doc(db, user, app.id, "research_report")
    v2 = await _add_doc(db, user, app.id, "research_report")
    async with db.as_user(user) as uow:
        versions = await uow.documents.versions(app.id, "research_report")
        current = await uow.documents.current(app.id, "research_report")
    assert [d.version for d in versions] == [1, 2]
    assert current is not None and current.id == v2.id
    assert [d.is_current for d in versions] == [False, True] and versions[0].id == v1.id


async def test_same_job_never_stores_two_documents(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    job_id = uuid.uuid4()
    async with db.as_user(user) as uow:
        first = await uow.documents.add_version(
            application_id=app.id,
            document_type="research_report",
            content="# Research\nbody text",
            model="t",
            job_id=job_id,
        )
        again = await uow.documents.add_version(
            application_id=app.id,
            document_type="research_report",
            content="# Research\nother text",
            model="t",
            job_id=job_id,
        )
        assert first.id == again.id
        assert len(await uow.documents.versions(app.id, "research_report")) == 1


async def test_same_button_twice_starts_one_job(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    async with db.as_user(user) as uow:
        job1, created1 = await uow.jobs.enqueue(app.id, "research_report")
        job2, created2 = await uow.jobs.enqueue(app.id, "research_report")
    assert created1 and not created2 and job1.id == job2.id


async def test_updated_at_trigger(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    async with db.as_user(user) as uow:
        await uow.connection.execute(text("SELECT pg_sleep(0.01)"))
        await uow.applications.update(app.id, company_name="Acme GmbH")
    async with db.as_user(user) as uow:
        row = (
            await uow.connection.execute(
                text("SELECT updated_at > created_at FROM applications WHERE id = :id"),
                {"id": app.id},
            )
        ).scalar_one()
    assert row is True


async def test_delete_me_removes_everything(db: Database, make_user):
    user = await make_user()
    app = await add_application(db, user)
    await add_resume(db, user)
    await _add_doc(db, user, app.id, "research_report")
    async with db.as_user(user) as uow:
        assert await uow.users.delete_me() == 1
    async with db.as_user(user) as uow:
        for table in ("applications", "documents", "user_resumes", "users"):
            count = (await uow.connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar()
            assert count == 0, table


def test_migrations_from_empty_database_and_rerun(pg_server_url: str):
    name = f"jf_migrate_{uuid.uuid4().hex[:8]}"
    create_database(pg_server_url, name)
    try:
        url = with_database(pg_server_url, name)
        first = migrate(url)
        assert len(first.applied) >= 4 and first.already_applied == 0

        def snapshot() -> list[tuple[object, ...]]:
            with psycopg.connect(libpq_dsn(url)) as conn:
                return (
                    conn.execute(
                        "SELECT table_name, column_name, data_type FROM information_schema.columns"
                        " WHERE table_schema = 'public' ORDER BY 1, 2"
                    ).fetchall()
                    + conn.execute(
                        "SELECT polname, polrelid::regclass::text FROM pg_policy ORDER BY 1"
                    ).fetchall()
                )

        before = snapshot()
        second = migrate(url)
        assert second.applied == [] and second.already_applied == len(first.applied)
        assert snapshot() == before
    finally:
        drop_database(pg_server_url, name)
